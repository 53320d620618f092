import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Supergraph } from '@apollo/federation-internals';
import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import {
  buildSchema,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  parse,
  typeFromAST,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Seat, seatEvent, tokenMinter } from '../../tests/support/live.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import { bootstrap, loadConfig, type RunningRouter } from '../src/index.ts';
import { LeanSchema, type LeanVerdict } from '../src/lean-path.ts';

/**
 * The lean path for single-fetch plans (issue 18), differentially: every operation of the web and admin apps'
 * manifests, and an example of every root field of the public contract, runs through a router with the lean path
 * and one without it, on one real stack (auth, catalog, seating, queue, payment, stats, Postgres, Redis); the
 * HTTP status and body must be the same bytes.
 *
 * Between the routers and the subgraphs sits a plain HTTP relay. Every operation runs once against the real
 * subgraphs: the lean router's subgraph answers are recorded, and the general router's requests are answered with
 * them. So a mutation is not applied twice, a read that moves with the clock (the waiting room's admission rate)
 * compares the same answer, and both paths are shown to send the subgraphs the same bytes (a request the lean
 * router did not send fails the test).
 */
const root = new URL('../../', import.meta.url);
const tokens = tokenMinter();
const adminToken = tokens.admin();
const supergraphSdl = readFileSync(new URL('schema/supergraph.graphql', root), 'utf8');
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
const lean = new LeanSchema(supergraphSdl, apiSchema);

interface Operation {
  source: 'web' | 'admin' | 'contract';
  name: string;
  kind: OperationDefinitionNode['operation'];
  document: DocumentNode;
  /** `sha256:…` for the apps' registered documents; the text is sent for the contract's. */
  documentId: string | null;
  text: string;
}

const manifestOperations = (['web', 'admin'] as const).flatMap((app) =>
  Object.entries(
    JSON.parse(
      readFileSync(new URL(`${app}/src/__generated__/persisted-documents.json`, root), 'utf8'),
    ) as Record<string, string>,
  ).map(([documentId, text]): Operation => {
    const document = parse(text);
    const operation = operationOf(document);
    return {
      source: app,
      name: operation.name!.value,
      kind: operation.operation,
      document,
      documentId,
      text,
    };
  }),
);

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  return operation;
}

/**
 * One example per root field of the contract (`schema/contract.graphql`): its scalar fields and those of its
 * object fields, every argument passed as a variable.
 */
function contractOperations(): Operation[] {
  const contract = buildSchema(readFileSync(new URL('schema/contract.graphql', root), 'utf8'));
  const leaves = (type: ReturnType<typeof getNamedType>, depth: number): string => {
    if (!isObjectType(type)) return '';
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((a) => isNonNullType(a.type))) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) parts.push(field.name);
      else if (depth > 0) {
        const inner = leaves(named, depth - 1);
        if (inner) parts.push(`${field.name} { ${inner} }`);
      }
    }
    return parts.join(' ');
  };
  const operations: Operation[] = [];
  for (const kind of [OperationTypeNode.QUERY, OperationTypeNode.MUTATION]) {
    const type = contract.getRootType(kind);
    for (const field of Object.values(type?.getFields() ?? {})) {
      const definitions = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
      const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const named = getNamedType(field.type);
      const selection = isLeafType(named) ? '' : `{ ${leaves(named, 1)} }`;
      const name = `Contract_${field.name}`;
      const text = `${kind} ${name}${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
      operations.push({ source: 'contract', name, kind, document: parse(text), documentId: null, text });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------------------
// A relay between the routers and the subgraphs: forward, record (lean router's mutations), replay.

type Mode = 'forward' | 'record' | 'replay';
interface Recorded {
  status: number;
  contentType: string;
  body: string;
}

class Relay {
  mode: Mode = 'forward';
  /** Subgraphs that answer HTTP 503 (as a subgraph behind a failing load balancer does). */
  readonly failing = new Set<string>();
  /** Subgraphs whose connections are cut as a request arrives (a crashed process). */
  readonly cutting = new Set<string>();
  /** Requests received, by mode: the lean router must call the subgraphs as often as the general one. */
  readonly received: Record<Mode, number> = { forward: 0, record: 0, replay: 0 };
  readonly #recorded = new Map<string, Recorded[]>();
  /** Requests the general router sent that the lean router had not (replay mode). */
  readonly unmatched: string[] = [];
  readonly servers: Server[] = [];
  readonly urls: Record<string, string> = {};

  async start(targets: Record<string, string>): Promise<void> {
    for (const [name, target] of Object.entries(targets)) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const key = `${name}\n${body}`;
          this.received[this.mode]++;
          if (this.cutting.has(name)) {
            req.socket.destroy();
            return;
          }
          let answer: Recorded | undefined;
          if (this.failing.has(name))
            answer = { status: 503, contentType: 'text/plain', body: 'unavailable' };
          else if (this.mode === 'replay') {
            answer = this.#recorded.get(key)?.shift();
            if (!answer) this.unmatched.push(key);
          }
          if (!answer) {
            const headers: Record<string, string> = {};
            for (const [h, v] of Object.entries(req.headers)) {
              if (typeof v === 'string' && h !== 'host' && h !== 'content-length') headers[h] = v;
            }
            const upstream = await fetch(target, { method: req.method, headers, body });
            answer = {
              status: upstream.status,
              contentType: upstream.headers.get('content-type') ?? 'application/json',
              body: await upstream.text(),
            };
            if (this.mode === 'record') {
              const list = this.#recorded.get(key) ?? [];
              list.push(answer);
              this.#recorded.set(key, list);
            }
          }
          res.writeHead(answer.status, { 'content-type': answer.contentType });
          res.end(answer.body);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
      this.urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    }
  }

  clear(): void {
    this.#recorded.clear();
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Realistic variables: the stack's own ids where an operation names one, schema-typed values otherwise.

interface World {
  eventId: string;
  draftEventId: string;
  seats: Seat[];
  ticketTypeId: string;
  buyer: { token: string; userId: string; email: string; password: string };
  refreshToken: string;
  adminRefreshToken: string;
  holdId: string;
  reservationId: string;
}

function idFor(field: string, world: World): string {
  if (/^(updateEvent|deleteEvent)$/.test(field)) return world.draftEventId;
  if (/reservation/i.test(field)) return world.reservationId;
  if (/hold/i.test(field)) return world.holdId;
  if (/user/i.test(field)) return world.buyer.userId;
  if (/event/i.test(field)) return world.eventId;
  return randomUUID();
}

/** The root field that uses a variable, for ids. */
function fieldUsing(operation: OperationDefinitionNode, variable: string): string {
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const text = JSON.stringify(selection.arguments ?? []);
    if (text.includes(`"value":"${variable}"`)) return selection.name.value;
  }
  return '';
}

function exampleValue(type: GraphQLInputType, name: string, world: World, field: string): unknown {
  const named: Record<string, unknown> = {
    eventId: field === 'attachSeatLayout' ? world.draftEventId : world.eventId,
    holdId: world.holdId,
    reservationId: world.reservationId,
    userId: world.buyer.userId,
    ticketTypeId: world.ticketTypeId,
    seatIds: [world.seats[5]!.id],
    refreshToken:
      field === 'logOut' && name === 'refreshToken' ? world.adminRefreshToken : world.refreshToken,
    first: 5,
    quantity: 1,
    version: 0,
    query: 'IU',
    email: world.buyer.email,
    password: world.buyer.password,
    reason: 'lean path test',
    deviceId: 'lean-device',
    idToken: 'not-a-google-token',
  };
  if (name === 'id') return idFor(field, world);
  const nullable = getNullableType(type);
  if (name === 'status' && isEnumType(nullable)) {
    return nullable.getValue('ON_SALE') ? 'ON_SALE' : nullable.getValues()[0]!.value;
  }
  if (name in named) return named[name];
  if (isListType(nullable)) return [exampleValue(nullable.ofType, name, world, field)];
  if (isInputObjectType(nullable)) {
    const object: Record<string, unknown> = {};
    for (const inner of Object.values(nullable.getFields())) {
      if (isNonNullType(inner.type) && inner.defaultValue === undefined)
        object[inner.name] = exampleValue(inner.type, inner.name, world, field);
    }
    return object;
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  switch (nullable.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'ID':
      return randomUUID();
    case 'DateTime':
      return new Date(Date.now() + 30 * 86_400_000).toISOString();
    case 'Date':
      return new Date().toISOString().slice(0, 10);
    default:
      return `lean ${randomUUID().slice(0, 8)}`;
  }
}

function variablesFor(operation: Operation, schema: GraphQLSchema, world: World): Record<string, unknown> {
  const definition = operationOf(operation.document);
  const variables: Record<string, unknown> = {};
  for (const v of definition.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    const field = fieldUsing(definition, name);
    // Optional variables stay out unless the world has a value for them (as the apps leave them out).
    if (!isNonNullType(type) && !['first', 'query', 'status', 'deviceId', 'amount'].includes(name)) continue;
    if (operation.name === 'HoldSeats' && name === 'input') {
      variables.input = { eventId: world.eventId, seatIds: [world.seats[1]!.id] };
      continue;
    }
    if (name === 'input' && field === 'signUp') {
      variables.input = {
        email: `lean-${randomUUID().slice(0, 8)}@example.com`,
        password: 'correct horse 1',
        name: 'Lean',
      };
      continue;
    }
    variables[name] = exampleValue(type, name, world, field);
  }
  return variables;
}

// ---------------------------------------------------------------------------------------------------------

let stack: Stack;
let relay: Relay;
let leanRouter: RunningRouter;
let generalRouter: RunningRouter;
let world: World;
// The gateway's spans, as a collector would get them.
const spans = new tracing.InMemorySpanExporter();

const metricsOf = async (router: RunningRouter) => {
  const text = await (await fetch(router.url.replace(/\/graphql$/, '/metrics'))).text();
  const counts: Record<string, number> = { direct: 0, lean: 0, lean_shaped: 0, general: 0 };
  for (const line of text.split('\n')) {
    const m = /^router_lean_path_requests_total\{[^}]*path="(\w+)"[^}]*\} (\d+)/.exec(line);
    if (m) counts[m[1]!] = Number(m[2]);
  }
  return counts;
};

async function send(router: RunningRouter, operation: Operation, variables: object, token: string | null) {
  const res = await fetch(router.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(token ? bearer(token) : {}),
    },
    body: JSON.stringify(
      operation.documentId
        ? { documentId: operation.documentId, variables }
        : { query: operation.text, variables },
    ),
  });
  return {
    status: res.status,
    body: await res.text(),
    // What a client or a proxy acts on besides the body.
    headers: ['content-type', 'cache-control'].map((h) => `${h}: ${res.headers.get(h)}`).join('; '),
  };
}

/** Runs an operation through both routers; returns both answers and how the lean router executed it. */
async function both(operation: Operation, variables: object, token: string | null) {
  relay.mode = 'record';
  const before = await metricsOf(leanRouter);
  const calls = { ...relay.received };
  const leanAnswer = await send(leanRouter, operation, variables, token);
  const after = await metricsOf(leanRouter);
  relay.mode = 'replay';
  const generalAnswer = await send(generalRouter, operation, variables, token);
  relay.mode = 'forward';
  relay.clear();
  // Each subgraph request once: an answer the lean path hands to the gateway is not fetched again.
  expect(relay.received.record - calls.record, operation.name).toBe(relay.received.replay - calls.replay);
  const path =
    (['direct', 'lean', 'lean_shaped', 'general'] as const).find((p) => (after[p] ?? 0) > (before[p] ?? 0)) ??
    'none';
  return { leanAnswer, generalAnswer, path };
}

beforeAll(async () => {
  stack = await startStack({
    seating: 1,
    queue: 1,
    payment: 1,
    stats: true,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
  });
  await seedCatalog(stack.catalog.orm);
  const eventId = SEED_IDS.events.iuHereh;
  const seats = await seatEvent(stack, eventId, adminToken);
  relay = new Relay();
  await relay.start({
    auth: stack.auth.url,
    catalog: stack.catalog.url,
    seating: stack.seating[0]!.url,
    queue: stack.queue[0]!.url,
    payment: stack.payment[0]!.url,
    stats: stack.stats!.url,
  });
  const routerEnv = (lean: boolean) =>
    stack.infra.env({
      AUTH_JWKS_URL: stack.auth.jwksUrl,
      RESPONSE_CACHE_TTL_MS: '0',
      LEAN_PATH: String(lean),
    });
  leanRouter = await bootstrap(loadConfig(routerEnv(true)), { subgraphUrls: relay.urls });
  generalRouter = await bootstrap(loadConfig(routerEnv(false)), { subgraphUrls: relay.urls });

  const password = 'correct horse 1';
  const signUp = async () => {
    const email = `lean-${randomUUID().slice(0, 8)}@example.com`;
    const res = await gql(
      stack.routerUrl,
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }',
      { input: { email, password, name: 'Lean Buyer' } },
    );
    expect(res.errors).toBeUndefined();
    return {
      email,
      ...(res.data!.signUp as { accessToken: string; refreshToken: string; user: { id: string } }),
    };
  };
  const buyer = await signUp();
  const other = await signUp();
  const another = await signUp();
  const event = await gql(stack.routerUrl, 'query($id: ID!) { event(id: $id) { ticketTypes { id } } }', {
    id: eventId,
  });
  const draft = await gql(
    stack.routerUrl,
    'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    {
      input: {
        title: 'Lean draft',
        category: 'concert',
        venueId: SEED_IDS.venues.kspoDome,
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        saleStartsAt: new Date(Date.now() + 86_400_000).toISOString(),
        status: 'DRAFT',
      },
    },
    bearer(adminToken),
  );
  expect(draft.errors).toBeUndefined();
  world = {
    eventId,
    draftEventId: draft.data!.createEvent.id,
    seats,
    ticketTypeId: event.data!.event.ticketTypes[0].id,
    buyer: { token: buyer.accessToken, userId: buyer.user.id, email: buyer.email, password },
    refreshToken: other.refreshToken,
    adminRefreshToken: another.refreshToken,
    holdId: randomUUID(),
    reservationId: randomUUID(),
  };
}, 120_000);

afterAll(async () => {
  trace.disable();
  await leanRouter?.stop();
  await generalRouter?.stop();
  await relay?.stop();
  await stack?.stop();
});

/** Picks ids the later operations use out of an answer (the hold a HoldSeats made, …). */
function learn(body: string) {
  const data = (JSON.parse(body) as { data?: Record<string, { id?: string } | null> | null }).data;
  if (data?.holdSeats?.id) world.holdId = data.holdSeats.id;
  if (data?.createReservation?.id) world.reservationId = data.createReservation.id;
}

describe('the lean path for single-fetch plans', () => {
  it('answers every operation of the apps and the contract byte for byte as the gateway executor does', async () => {
    const operations = [...manifestOperations, ...contractOperations()];
    const report: { operation: string; verdict: string; path: string; answer?: string }[] = [];
    const mismatches: string[] = [];
    for (const operation of operations) {
      const verdict: LeanVerdict = lean.verdict(operation.document, undefined);
      const label = `${operation.source} ${operation.name}`;
      if (operation.kind === 'subscription') {
        expect(verdict).toEqual({ kind: 'not-applicable', reason: 'subscription' });
        report.push({ operation: label, verdict: 'not applicable: subscription', path: '-' });
        continue;
      }
      const token = operation.source === 'admin' ? adminToken : world.buyer.token;
      const variables = variablesFor(operation, apiSchema, world);
      const { leanAnswer, generalAnswer, path } = await both(operation, variables, token);
      learn(leanAnswer.body);
      if (
        leanAnswer.status !== generalAnswer.status ||
        leanAnswer.body !== generalAnswer.body ||
        leanAnswer.headers !== generalAnswer.headers
      ) {
        mismatches.push(
          `${label}: lean ${leanAnswer.status} (${leanAnswer.headers}) ${leanAnswer.body.slice(0, 400)}\n   general ${generalAnswer.status} (${generalAnswer.headers}) ${generalAnswer.body.slice(0, 400)}`,
        );
      }
      // The executor ran (no request error): the lean router says which path it took.
      if (path !== 'none') {
        expect(path === 'general', `${label} ran ${path}, verdict ${verdict.kind}`).toBe(
          verdict.kind !== 'lean',
        );
      }
      const answer = JSON.parse(leanAnswer.body) as {
        data?: unknown;
        errors?: { extensions?: { code?: string } }[];
      };
      report.push({
        operation: label,
        answer: `${leanAnswer.status} ${answer.errors ? answer.errors.map((e) => e.extensions?.code).join(',') : 'data'}`,
        verdict:
          verdict.kind === 'lean'
            ? `lean (${verdict.fetch.serviceName}${verdict.entities ? ` → ${verdict.entities.map((e) => e.fetch.serviceName).join(' + ')}` : ''})`
            : `not applicable: ${verdict.reason}`,
        path,
      });
    }
    console.table(report);
    expect(mismatches).toEqual([]);
    expect(relay.unmatched).toEqual([]);
    // Every app operation has a verdict, and the single-subgraph ones are covered.
    const leanCount = report.filter((r) => r.verdict.startsWith('lean')).length;
    const seqCount = report.filter((r) => r.verdict.includes('→')).length;
    const ranDirect = report.filter((r) => r.path === 'direct').length;
    const ranLean = report.filter((r) => r.path === 'lean').length;
    const ranShaped = report.filter((r) => r.path === 'lean_shaped').length;
    console.log(
      `${operations.length} operations: ${leanCount} lean (${seqCount} of them a root and an entity fetch), ${operations.length - leanCount} not applicable; ran before Apollo Server ${ranDirect}, lean in Apollo Server ${ranLean}, lean with errors shaped by the gateway ${ranShaped}`,
    );
    // The apps' registered documents are answered before Apollo Server; the contract's texts inside it.
    expect(ranDirect).toBeGreaterThan(20);
    expect(ranLean).toBeGreaterThan(5);
    expect(ranShaped).toBeGreaterThan(0);
  }, 300_000);

  it('holdSeats, joinQueue and the events search take the lean path, with their data', async () => {
    const op = (name: string) => manifestOperations.find((o) => o.name === name)!;
    const buyer = tokens.buyer();
    const cases = [
      {
        operation: op('HoldSeats'),
        variables: { input: { eventId: world.eventId, seatIds: [world.seats[10]!.id] } },
        token: buyer,
        field: 'holdSeats',
      },
      { operation: op('JoinQueue'), variables: { eventId: world.eventId }, token: buyer, field: 'joinQueue' },
      {
        operation: op('HomeSearchQuery'),
        variables: { query: 'IU', first: 10 },
        token: null,
        field: 'events',
      },
    ];
    for (const { operation, variables, token, field } of cases) {
      expect(lean.verdict(operation.document, undefined).kind).toBe('lean');
      const { leanAnswer, generalAnswer, path } = await both(operation, variables, token);
      expect(path, operation.name).toBe('direct');
      const body = JSON.parse(leanAnswer.body) as { data: Record<string, unknown>; errors?: unknown };
      expect(body.errors, operation.name).toBeUndefined();
      expect(body.data[field], operation.name).toBeTruthy();
      expect(leanAnswer.body).toBe(generalAnswer.body);
    }
    // A seat someone else holds: the domain's error, answered in front of Apollo Server as the gateway words it.
    const taken = await both(
      op('HoldSeats'),
      { input: { eventId: world.eventId, seatIds: [world.seats[10]!.id] } },
      tokens.buyer(),
    );
    expect(taken.path).toBe('direct');
    expect(JSON.parse(taken.leanAnswer.body)).toMatchObject({
      errors: [{ extensions: { code: 'SEAT_UNAVAILABLE' } }],
      data: null,
    });
    expect(taken.leanAnswer.body).toBe(taken.generalAnswer.body);
    expect(taken.leanAnswer.headers).toBe(taken.generalAnswer.headers);
  });

  it('shapes a failing subgraph and variables that do not coerce as the gateway does', async () => {
    const hold = manifestOperations.find((o) => o.name === 'HoldSeats')!;
    const input = { eventId: world.eventId, seatIds: [world.seats[12]!.id] };
    relay.failing.add('seating');
    try {
      const down = await both(hold, { input }, tokens.buyer());
      expect(down.path).toBe('lean_shaped');
      expect(JSON.parse(down.leanAnswer.body).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(down.leanAnswer.body).toBe(down.generalAnswer.body);
      expect(down.leanAnswer.status).toBe(down.generalAnswer.status);
    } finally {
      relay.failing.delete('seating');
    }
    // A connection cut before any answer: the gateway's error, from the one attempt.
    relay.cutting.add('seating');
    try {
      const cut = await both(hold, { input }, tokens.buyer());
      expect(cut.path).toBe('lean_shaped');
      expect(JSON.parse(cut.leanAnswer.body).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(cut.leanAnswer.body).toBe(cut.generalAnswer.body);
      expect(cut.leanAnswer.status).toBe(cut.generalAnswer.status);
    } finally {
      relay.cutting.delete('seating');
    }
    // The gateway answers variables that do not coerce itself: the lean path hands them over.
    const bad = await both(hold, { input: { seatIds: [world.seats[12]!.id] } }, null);
    expect(bad.leanAnswer.body).toBe(bad.generalAnswer.body);
    expect(bad.leanAnswer.status).toBe(bad.generalAnswer.status);
    expect(['general', 'none']).toContain(bad.path);
  });

  it('leaves to Apollo Server what it would read differently, with the same answers', async () => {
    const search = manifestOperations.find((o) => o.name === 'HomeSearchQuery')!;
    const documentId = search.documentId!;
    const variables = { query: 'IU', first: 2 };
    const cases: { label: string; accept?: string; body: object; paths: string[] }[] = [
      { label: 'the document by id', body: { documentId, variables }, paths: ['direct'] },
      { label: 'its registered text', body: { query: search.text, variables }, paths: ['direct'] },
      // Refused with 406 before anything runs (Apollo Server alone would run the operation, then refuse).
      {
        label: 'an Accept taking no JSON',
        accept: 'text/html',
        body: { documentId, variables },
        paths: ['none'],
      },
      { label: 'extensions', body: { documentId, variables, extensions: { tag: 1 } }, paths: ['lean'] },
      {
        label: 'an empty operationName',
        body: { documentId, variables, operationName: '' },
        paths: ['none'],
      },
      {
        label: 'another operationName',
        body: { documentId, variables, operationName: 'Nope' },
        paths: ['none'],
      },
      {
        label: 'variables that do not coerce',
        body: { documentId, variables: { query: 'IU', first: 'ten' } },
        paths: ['general', 'none'],
      },
      {
        label: 'a NUL in a variable',
        body: { documentId, variables: { query: 'I\u0000U', first: 2 } },
        paths: ['none'],
      },
    ];
    for (const { label, accept, body, paths } of cases) {
      const post = async (router: RunningRouter) => {
        const res = await fetch(router.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: accept ?? 'application/json' },
          body: JSON.stringify(body),
        });
        return `${res.status} ${res.headers.get('content-type')} ${res.headers.get('cache-control')} ${await res.text()}`;
      };
      const before = await metricsOf(leanRouter);
      const leanAnswer = await post(leanRouter);
      const after = await metricsOf(leanRouter);
      expect(leanAnswer, label).toBe(await post(generalRouter));
      const path =
        (['direct', 'lean', 'lean_shaped', 'general'] as const).find(
          (p) => (after[p] ?? 0) > (before[p] ?? 0),
        ) ?? 'none';
      expect(paths, `${label}: ${leanAnswer.slice(0, 200)}`).toContain(path);
      // No operation by that name, the empty one included: a request error, and nothing ran.
      if (/operationName/.test(label))
        expect(leanAnswer).toMatch(/^200 .*"code":"OPERATION_RESOLUTION_FAILURE"/);
      if (/Accept/.test(label)) expect(leanAnswer).toMatch(/^406 .*"code":"BAD_REQUEST"/);
    }
  });

  it('creates the gateway.request and gateway.fetch spans the gateway creates', async () => {
    const cases = [
      { name: 'HomeSearchQuery', variables: { query: 'IU', first: 3 }, services: ['catalog'] },
      // A root fetch and an entity fetch: a `gateway.fetch` around each.
      { name: 'SeatsQuery', variables: { id: world.eventId }, services: ['catalog', 'seating'] },
    ];
    const spansOf = async (router: RunningRouter, { name, variables }: (typeof cases)[number]) => {
      spans.reset();
      const operation = manifestOperations.find((o) => o.name === name)!;
      const answer = await send(router, operation, variables, null);
      expect(answer.status).toBe(200);
      return spans.getFinishedSpans().map((s) => ({ name: s.name, service: s.attributes.service }));
    };
    // With a tracer provider and nothing suppressed, every request is traced: the lean path runs inside Apollo
    // Server, whose spans a traced request keeps.
    trace.setGlobalTracerProvider(
      new tracing.BasicTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(spans)] }),
    );
    try {
      for (const one of cases) {
        const before = await metricsOf(leanRouter);
        const lean = await spansOf(leanRouter, one);
        const general = await spansOf(generalRouter, one);
        const after = await metricsOf(leanRouter);
        expect(after.lean, one.name).toBe((before.lean ?? 0) + 1);
        expect(after.direct, one.name).toBe(before.direct);
        for (const recorded of [lean, general]) {
          expect(recorded).toContainEqual({ name: 'gateway.request', service: undefined });
          const fetches = recorded.filter((s) => s.name === 'gateway.fetch').map((s) => s.service);
          expect(fetches, one.name).toEqual(one.services);
        }
        // The executor's own steps are not run on the lean path.
        expect(lean.map((s) => s.name)).not.toContain('gateway.execute');
        expect(general.map((s) => s.name)).toContain('gateway.execute');
      }
    } finally {
      trace.disable();
    }
  });

  it('runs a root fetch and its entity fetches itself, and hands any failing to the gateway', async () => {
    const cases = [
      // The seat page's read: the event from catalog, then its seat map and ticket types from seating.
      {
        name: 'SeatsQuery',
        entities: [{ fetch: { serviceName: 'seating' }, path: ['event'], typeName: 'Event' }],
      },
      // The seat selection's: the event from catalog, then the waiting room's state and the seats, in parallel.
      {
        name: 'SeatSelectionQuery',
        entities: [
          { fetch: { serviceName: 'queue' }, path: ['event'], typeName: 'Event' },
          { fetch: { serviceName: 'seating' }, path: ['event'], typeName: 'Event' },
        ],
      },
    ];
    for (const { name, entities } of cases) {
      const operation = manifestOperations.find((o) => o.name === name)!;
      const verdict = lean.verdict(operation.document, undefined);
      expect(verdict).toMatchObject({ kind: 'lean', fetch: { serviceName: 'catalog' }, entities });
      const read = (id: string) => both(operation, { id }, null);
      const served = await read(world.eventId);
      expect(served.path, name).toBe('direct');
      expect(JSON.parse(served.leanAnswer.body).data.event.id).toBe(world.eventId);
      expect(served.leanAnswer.body, name).toBe(served.generalAnswer.body);
      expect(served.leanAnswer.headers, name).toBe(served.generalAnswer.headers);
      // No event: nothing to send the other subgraphs.
      const none = await read(randomUUID());
      expect(none.path, name).toBe('direct');
      expect(JSON.parse(none.leanAnswer.body).data.event).toBeNull();
      expect(none.leanAnswer.body, name).toBe(none.generalAnswer.body);
      // Any subgraph failing, or its connection cut: the gateway's answer, each subgraph called once (`both`
      // counts the calls).
      for (const trouble of [relay.failing, relay.cutting]) {
        for (const subgraph of ['catalog', ...entities.map((e) => e.fetch.serviceName)]) {
          const label = `${name}, ${subgraph} ${trouble === relay.failing ? 'failing' : 'cut'}`;
          trouble.add(subgraph);
          try {
            const failed = await read(world.eventId);
            expect(failed.path, label).toBe('lean_shaped');
            expect(failed.leanAnswer.body, label).toBe(failed.generalAnswer.body);
            expect(failed.leanAnswer.status, label).toBe(failed.generalAnswer.status);
            expect(JSON.parse(failed.leanAnswer.body).errors[0].extensions.code).toBe(
              'INTERNAL_SERVER_ERROR',
            );
          } finally {
            trouble.delete(subgraph);
          }
        }
      }
    }
  });

  it('runs a mutation and the entity fetches after it once, answering as the gateway does', async () => {
    // The contract's createReservation: seating makes the order, then payment and catalog fill in its payment and
    // event. A hold of the buyer's, then the order, then a read of it: each answered in front of Apollo Server.
    const buyer = world.buyer.token;
    const hold = await both(
      manifestOperations.find((o) => o.name === 'HoldSeats')!,
      { input: { eventId: world.eventId, seatIds: [world.seats[14]!.id] } },
      buyer,
    );
    const holdId = JSON.parse(hold.leanAnswer.body).data.holdSeats.id as string;
    const create = contractOperations().find((o) => o.name === 'Contract_createReservation')!;
    expect(lean.verdict(create.document, undefined)).toMatchObject({
      kind: 'lean',
      fetch: { serviceName: 'seating', operationKind: 'mutation' },
      entities: [{ fetch: { serviceName: 'payment' } }, { fetch: { serviceName: 'catalog' } }],
    });
    const created = await both(create, variablesFor(create, apiSchema, { ...world, holdId }), buyer);
    expect(created.path).toBe('lean');
    const reservation = JSON.parse(created.leanAnswer.body).data.createReservation;
    expect(reservation).toMatchObject({ status: 'PENDING', event: { id: world.eventId } });
    expect(created.leanAnswer.body).toBe(created.generalAnswer.body);
    // The web app's read of it, by document id: in front of Apollo Server.
    const read = await both(
      manifestOperations.find((o) => o.name === 'ReservationQuery')!,
      { id: reservation.id },
      buyer,
    );
    expect(read.path).toBe('direct');
    expect(JSON.parse(read.leanAnswer.body).data.reservation.id).toBe(reservation.id);
    expect(read.leanAnswer.body).toBe(read.generalAnswer.body);

    // Payment failing after the order is made: the gateway shapes it from the answers received, and the
    // mutation was sent once (`both` counts the calls).
    const another = tokens.buyer(); // the first buyer has an order open for this event
    const again = await both(
      manifestOperations.find((o) => o.name === 'HoldSeats')!,
      { input: { eventId: world.eventId, seatIds: [world.seats[15]!.id] } },
      another,
    );
    const secondHold = JSON.parse(again.leanAnswer.body).data.holdSeats.id as string;
    relay.failing.add('payment');
    try {
      const failed = await both(
        create,
        variablesFor(create, apiSchema, { ...world, holdId: secondHold }),
        another,
      );
      expect(failed.path).toBe('lean_shaped');
      expect(failed.leanAnswer.body).toBe(failed.generalAnswer.body);
      expect(JSON.parse(failed.leanAnswer.body).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      relay.failing.delete('payment');
    }
  });

  it('runs other multi-subgraph plans through the gateway executor', async () => {
    const operation = manifestOperations.find((o) => o.name === 'TicketsPageQuery')!;
    const verdict = lean.verdict(operation.document, undefined);
    expect(verdict).toMatchObject({ kind: 'not-applicable', reason: 'plan is Sequence' });
    const { leanAnswer, generalAnswer, path } = await both(operation, {}, world.buyer.token);
    expect(path).toBe('general');
    expect(JSON.parse(leanAnswer.body).data.me.id).toBeTruthy();
    expect(leanAnswer.body).toBe(generalAnswer.body);
  });
});
