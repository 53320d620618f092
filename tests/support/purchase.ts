import { gql } from '@tiketi/kit/testing';
import { until } from '../../router/test/support/ws.ts';
import type { Stack } from './stack.ts';

/** A purchase through the router as the buyer's browser makes it, for tests that need one (SPEC.md checkout). */

export const HOLD = `mutation Hold($input: HoldSeatsInput!) { holdSeats(input: $input) { id totalAmount seats { id status } } }`;
export const RESERVE = `mutation Reserve($hold: ID!) {
  createReservation(holdId: $hold) { id status totalAmount expiresAt checkoutToken } }`;
export const PREPARE = `mutation Prepare($id: ID!, $token: String) {
  preparePayment(reservationId: $id, checkoutToken: $token) { orderId orderName amount clientKey paymentId expiresAt } }`;
export const CONFIRM = `mutation Confirm($input: ConfirmPaymentInput!) {
  confirmPayment(input: $input) { id orderId status amount refundedAmount method approvedAt } }`;

export interface Buyer {
  userId: string;
  auth: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely and asserted on
export type Data = Record<string, any>;

/** Calls the router and fails loudly on any GraphQL error. */
export async function ok(
  stack: Stack,
  query: string,
  variables: Record<string, unknown>,
  auth: Buyer['auth'],
) {
  const res = await gql<Data>(stack.routerUrl, query, variables, auth);
  if (res.errors || !res.data) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** The widget's part (SPEC.md): `POST /sandbox/authorize` on the emulator, answering what the success URL gets. */
export async function authorize(stack: Stack, orderId: string, amount: number, card = 'success') {
  const res = await fetch(`${stack.toss!.url}/sandbox/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount, card }),
  });
  if (!res.ok) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  return (await res.json()) as { paymentKey: string; orderId: string; amount: number };
}

/** hold → createReservation → preparePayment → authorize, through the router; the widget's answer to confirm. */
export async function checkout(
  stack: Stack,
  buyer: Buyer,
  eventId: string,
  seatIds: string[],
  card = 'success',
) {
  const { holdSeats } = await ok(stack, HOLD, { input: { eventId, seatIds } }, buyer.auth);
  const { createReservation: reservation } = await ok(stack, RESERVE, { hold: holdSeats.id }, buyer.auth);
  const { preparePayment: order } = await ok(
    stack,
    PREPARE,
    { id: reservation.id, token: reservation.checkoutToken },
    buyer.auth,
  );
  const widget = await authorize(stack, order.orderId, order.amount, card);
  return { hold: holdSeats, reservation, order, widget };
}

/** A paid purchase: checkout, confirm, and wait until seating has sold the seats (the reservation CONFIRMED). */
export async function purchase(stack: Stack, buyer: Buyer, eventId: string, seatIds: string[]) {
  const { reservation, order, widget } = await checkout(stack, buyer, eventId, seatIds);
  const { confirmPayment: payment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
  await until(
    async () =>
      (
        await ok(
          stack,
          'query($id: ID!) { reservation(id: $id) { status } }',
          { id: reservation.id },
          buyer.auth,
        )
      ).reservation.status === 'CONFIRMED',
    10_000,
    'the reservation CONFIRMED',
  );
  return { reservationId: reservation.id as string, order, payment };
}
