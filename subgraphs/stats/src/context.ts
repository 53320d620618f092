import type { EntityManager } from '@mikro-orm/postgresql';
import { type BaseContext, keyLoader } from '@tiketi/kit';
import { type EventSalesRow, salesOfEvents } from './modules/report/sales.ts';

export type Loaders = ReturnType<typeof createLoaders>;

export type Context = BaseContext<Loaders>;

/** Per-request loaders: a page of events asking for their sales costs one statement. */
export function createLoaders(em: EntityManager) {
  return {
    eventSales: keyLoader<EventSalesRow>((eventIds) => salesOfEvents(em, eventIds)),
  };
}
