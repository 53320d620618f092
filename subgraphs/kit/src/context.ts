import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, unauthenticated } from './errors.ts';
import type { Identity } from './identity.ts';
import type { Logger } from './logger.ts';

/** What every resolver receives. `loaders` is built per request by the service (entity references, no N+1). */
export interface BaseContext<Loaders = unknown> {
  identity: Identity;
  /** A fresh EntityManager per request: its identity map never leaks between requests. */
  em: EntityManager;
  loaders: Loaders;
  log: Logger;
  /** Client IP as the router saw it, for rate limits. */
  clientIp: string;
}

export function requireUser(ctx: { identity: Identity }): NonNullable<Identity> {
  if (!ctx.identity) throw unauthenticated();
  return ctx.identity;
}

/** Admin checks happen here, on the server, whatever the UI shows. */
export function requireAdmin(ctx: { identity: Identity }): NonNullable<Identity> {
  const identity = requireUser(ctx);
  if (identity.role !== 'ADMIN') throw forbidden('Only administrators can do this.');
  return identity;
}
