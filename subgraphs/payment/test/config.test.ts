import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ConfigError } from '@tiketi/kit';
import { apiSchemaOf, contractBreaks } from '@tiketi/schema/src/contract.ts';
import { isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';
import { EMULATOR_CLIENT_KEY, EMULATOR_SECRET_KEY } from '../src/toss-emulator/index.ts';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tiketi' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  return '';
};

describe('configuration', () => {
  it('uses the local emulator without Toss keys, and Toss with them', () => {
    expect(loadConfig(base).toss).toMatchObject({
      target: { provider: 'emulator' },
      apiUrl: 'http://127.0.0.1:4010',
      secretKey: EMULATOR_SECRET_KEY,
      clientKey: EMULATOR_CLIENT_KEY,
      timeoutMs: 10_000,
    });
    const real = loadConfig({
      ...base,
      TOSS_SECRET_KEY: 'test_gsk_0123456789ab',
      TOSS_CLIENT_KEY: 'test_gck_0123456789ab',
    });
    expect(real.toss).toMatchObject({
      target: { provider: 'toss' },
      apiUrl: 'https://api.tosspayments.com',
      secretKey: 'test_gsk_0123456789ab',
    });
    expect(real.http.port).toBe(4005);
  });

  it('refuses half a Toss configuration, and the emulator in production', () => {
    expect(problems({ TOSS_SECRET_KEY: 'test_gsk_0123456789ab' })).toContain('set both');
    const production = problems({ TIKETI_ENV: 'production', ROUTER_SECRET: 'r'.repeat(40) });
    expect(production).toContain('TOSS_SECRET_KEY: required in production');
    // The checkout tokens' key too: payment verifies what seating signs with it.
    expect(production).toContain('CHECKOUT_TOKEN_SECRET: the development default is not allowed');
    expect(
      problems({
        TIKETI_ENV: 'production',
        ROUTER_SECRET: 'r'.repeat(40),
        TOSS_SECRET_KEY: EMULATOR_SECRET_KEY,
        TOSS_CLIENT_KEY: EMULATOR_CLIENT_KEY,
      }),
    ).toContain('emulator keys are not allowed');
    expect(problems({ TOSS_TIMEOUT_MS: '0' })).toContain('TOSS_TIMEOUT_MS');
  });
});

describe('schema', () => {
  // seating owns Reservation; a stand-in with its key is enough to check that payment's part composes.
  const seatingStandIn = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    scalar DateTime
    enum ReservationStatus { PENDING CONFIRMED CANCELLED EXPIRED }
    type Reservation @key(fields: "id") { id: ID! status: ReservationStatus! totalAmount: Int! createdAt: DateTime! qrCode: String }
    type Query { reservation(id: ID!): Reservation }`;

  it("composes with seating's Reservation and keeps the contract for payment's types and fields", () => {
    const sdl = (name: string) =>
      readFileSync(new URL(`../../${name}/schema.graphql`, import.meta.url), 'utf8');
    const result = composeServices([
      { name: 'auth', url: 'http://localhost:4001/graphql', typeDefs: parse(sdl('auth')) },
      { name: 'catalog', url: 'http://localhost:4002/graphql', typeDefs: parse(sdl('catalog')) },
      { name: 'seating', url: 'http://localhost:4003/graphql', typeDefs: parse(seatingStandIn) },
      { name: 'payment', url: 'http://localhost:4005/graphql', typeDefs: parse(sdl('payment')) },
    ]);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl as string;
    const api = apiSchemaOf(supergraph);
    const reservation = api.getType('Reservation');
    expect(reservation && isObjectType(reservation) && Object.keys(reservation.getFields())).toContain(
      'payment',
    );

    // Breaks in what payment owns; the stand-in's missing seating types are seating's business.
    const paymentParts =
      /Payment|ConfirmPaymentInput|preparePayment|confirmPayment|refundPayment|Reservation\.payment/;
    const breaks = contractBreaks(supergraph, ['auth', 'catalog', 'seating', 'payment']).filter((b) =>
      paymentParts.test(b.description),
    );
    expect(breaks).toEqual([]);
  });
});
