import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '@tiketi/kit';
import type { Inventory } from './modules/inventory/inventory.repository.ts';
import { DEFAULT_LAYOUTS, defaultLayoutFor } from './modules/layout/default-layouts.ts';
import { validateLayout } from './modules/layout/layout-template.ts';

/**
 * Development seed. Layouts: the three default templates, fixed ids, `on conflict do nothing` (idempotent,
 * admins' edits survive). Events: seating never reads catalog's tables, so it cannot list catalog's seeded
 * events; instead, in development, the first `catalog.event.changed` of an event without seats attaches
 * `defaultLayoutFor(eventId)` (a hash of the id picks arena, theater or small hall) — see `seatNewEvent`.
 */
export async function seedLayouts(em: EntityManager): Promise<void> {
  for (const layout of DEFAULT_LAYOUTS) {
    const { seats } = validateLayout(layout.template, layout.name);
    await runSql(
      em,
      sql`insert into seating.layouts (id, name, description, template, seat_count)
          values (${layout.id}, ${layout.name}, ${layout.description}, ${JSON.stringify(layout.template)}::jsonb,
                  ${seats.length})
          on conflict do nothing`,
    );
  }
}

/** Development only: gives a newly projected event its default layout and ticket types. */
export async function seatNewEvent(em: EntityManager, inventory: Inventory, eventId: string): Promise<void> {
  const [seated] = await runSql<{ seated: boolean }>(
    em,
    sql`select exists (select 1 from seating.event_inventory where event_id = ${eventId}) as seated`,
  );
  if (seated?.seated) return;
  await seedLayouts(em);
  const layout = defaultLayoutFor(eventId);
  await inventory.attach(em, null, eventId, { layoutId: layout.id, ticketTypes: layout.ticketTypes });
}
