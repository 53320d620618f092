import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { KNOWN_OPERATIONS } from './known-operations.ts';

/** The label of an operation no app ships: one series for every name a client makes up. */
export const OTHER_OPERATION = 'other';

/**
 * The `operation` label of a request: a name the apps ship (`known-operations.ts`), `anonymous`, or `other`.
 * Never the client's raw `operationName`: it is chosen by the caller, and every new value is a new series kept
 * in `/metrics` and Prometheus for good (issue 16). The router names its subgraph fetches
 * `<operation>__<subgraph>__<n>`, so subgraphs label them by the client's operation too.
 */
export function createOperationLabeler(known: Iterable<string> = KNOWN_OPERATIONS) {
  const names = new Set(known);
  return (operationName: string | null | undefined): string => {
    if (operationName == null || operationName === '') return 'anonymous';
    if (names.has(operationName)) return operationName;
    const planned = /^(\w+?)__[a-z]+__\d+$/.exec(operationName);
    return planned && names.has(planned[1]!) ? planned[1]! : OTHER_OPERATION;
  };
}

/** One Prometheus registry per service instance (not the global one: tests run several services in one process). */
export function createMetrics(
  service: string,
  { operations: known }: { operations?: Iterable<string> } = {},
) {
  const label = createOperationLabeler(known);
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  const operations = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration',
    labelNames: ['operation', 'type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by code',
    labelNames: ['code'],
    registers: [registry],
  });

  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = operations.startTimer();
      return {
        async willSendResponse({ operationName, operation, errors: errs }) {
          for (const e of errs ?? []) errors.inc({ code: errorCodeLabel(e.extensions?.code) });
          end({
            operation: label(operationName),
            type: operation?.operation ?? 'unknown',
            outcome: errs?.length ? 'error' : 'ok',
          });
        },
      };
    },
  };

  /**
   * An operation answered outside Apollo Server's pipeline (the router's lean path), recorded as the plugin records
   * one; `startedAt` from `performance.now()`.
   */
  const observe = (
    operationName: string | null | undefined,
    type: string,
    startedAt: number,
    errs: readonly { extensions?: { code?: unknown } }[] = [],
  ) => {
    for (const e of errs) errors.inc({ code: errorCodeLabel(e.extensions?.code) });
    operations.observe(
      { operation: label(operationName), type, outcome: errs.length ? 'error' : 'ok' },
      (performance.now() - startedAt) / 1_000,
    );
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return { registry, plugin, observe, handler };
}

/** Codes are ours (errors.ts), but one that came from elsewhere must not mint series either. */
function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'UNKNOWN';
}
