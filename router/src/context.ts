import type { Context as TraceContext } from '@opentelemetry/api';
import type { Identity } from '@tiketi/kit/identity';
import type { LeanContext } from './lean-path.ts';
import type { Partner } from './partners.ts';

/** Per-request context of the router; the gateway hands it to every subgraph fetch of the request. */
export interface RouterContext extends LeanContext {
  /** The caller as its verified access token says; `null` for anonymous (and for partners). */
  identity: Identity;
  /** Set for a request with a partner's API key (partners.ts). */
  partner?: Partner;
  clientIp: string;
  /** The caller's trace, continued in every subgraph call. */
  traceContext: TraceContext;
}
