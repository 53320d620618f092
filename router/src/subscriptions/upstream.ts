import {
  type Identity,
  ROUTER_ASSERTION_HEADER,
  type RouterAssertion,
  signRouterAssertion,
} from '@tiketi/kit/identity';
import type { Logger } from '@tiketi/kit/logger';
import { type Client, createClient, type Sink } from 'graphql-ws';
import WebSocket from 'ws';
import { backoffDelay } from '../../client/src/backoff.ts';
import type { UpstreamResult } from './coalesce.ts';

export interface UpstreamOptions {
  routerSecret: string;
  log: Logger;
  /** The subgraph's HTTP URL as the gateway uses it (read on every connect: a supergraph update may move it). */
  urlOf(subgraph: string): string | undefined;
  /** Reconnect delays. @default { initialMs: 200, maxMs: 10000 } */
  backoff?: { initialMs: number; maxMs: number };
}

export interface UpstreamRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** Who an upstream connection speaks for: everyone (a shared field) or one caller (a personal one). */
export type UpstreamCaller = { kind: 'shared' } | { kind: 'personal'; identity: Identity; clientIp: string };

interface Connection {
  client: Client;
  subscriptions: number;
}

/**
 * graphql-ws connections from the router to the subgraphs. The subgraphs take the caller from the router
 * assertion in `connection_init`, so a connection speaks for one caller: one connection per subgraph carries
 * every shared subscription (as anonymous), and each signed-in caller with personal subscriptions gets one of
 * their own, closed when their last one ends.
 *
 * Connections are opened lazily and re-opened forever with exponential backoff and jitter; graphql-ws then
 * sends every active subscription again, so a restarted or redeployed subgraph resumes delivery by itself
 * (events published meanwhile are lost; clients see the version gap). The assertion is signed afresh for every
 * connect: it expires after a minute.
 */
export class UpstreamPool {
  readonly #options: UpstreamOptions;
  readonly #connections = new Map<string, Connection>();

  constructor(options: UpstreamOptions) {
    this.#options = options;
  }

  /** Open connections (for metrics). */
  get size(): number {
    return this.#connections.size;
  }

  subscribe(
    subgraph: string,
    caller: UpstreamCaller,
    request: UpstreamRequest,
    sink: Sink<UpstreamResult>,
  ): () => void {
    const key = `${subgraph}\n${caller.kind === 'shared' ? 'shared' : identityKey(caller.identity)}`;
    let connection = this.#connections.get(key);
    if (!connection) {
      connection = { client: this.#connect(subgraph, caller), subscriptions: 0 };
      this.#connections.set(key, connection);
    }
    const current = connection;
    current.subscriptions++;
    const unsubscribe = current.client.subscribe<Record<string, unknown>>(request, sink);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      current.subscriptions--;
      // A caller's own connection goes with their last subscription; the shared one stays (it idles closed).
      if (caller.kind === 'personal' && current.subscriptions === 0) {
        this.#connections.delete(key);
        // graphql-ws' dispose rejects with the close event when the connect under way fails (a subgraph
        // restarting); unhandled, that rejection would end the router.
        Promise.resolve(current.client.dispose()).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    const clients = [...this.#connections.values()].map((c) => c.client);
    this.#connections.clear();
    await Promise.allSettled(clients.map((client) => client.dispose()));
  }

  #connect(subgraph: string, caller: UpstreamCaller): Client {
    const { log, routerSecret } = this.#options;
    const backoff = this.#options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    const assertion: RouterAssertion =
      caller.kind === 'shared'
        ? { identity: null, clientIp: 'router' }
        : { identity: caller.identity, clientIp: caller.clientIp };
    return createClient({
      url: () => {
        const url = this.#options.urlOf(subgraph);
        if (!url) throw new Error(`No URL for subgraph "${subgraph}"`);
        return url.replace(/^http/, 'ws');
      },
      webSocketImpl: WebSocket,
      connectionParams: () => ({ [ROUTER_ASSERTION_HEADER]: signRouterAssertion(routerSecret, assertion) }),
      lazy: true,
      // Shared subscriptions come and go with the watchers of an event; keep the socket through short lulls.
      lazyCloseTimeout: caller.kind === 'shared' ? 5_000 : 0,
      // Pings notice a subgraph that vanished without closing the TCP connection (a killed pod).
      keepAlive: 10_000,
      connectionAckWaitTimeout: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      // A refused connect (subgraph restarting) is an error event, not a close: retry it as well.
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries, backoff))),
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) log.info({ subgraph }, 'subscription connection to subgraph restored');
        },
        closed: (event) => {
          const { code, reason } = event as { code?: number; reason?: string };
          // 1000: graphql-ws closed an idle lazy connection itself.
          if (code !== 1000) log.warn({ subgraph, code, reason }, 'subscription connection to subgraph lost');
        },
      },
    });
  }
}

export const identityKey = (identity: Identity): string =>
  identity ? `${identity.role}:${identity.userId}` : 'anonymous';
