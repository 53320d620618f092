import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/**
 * A per-request loader of entities by primary key: every `load(id)` in one tick becomes one
 * `select … where id in (…)`, so resolving a list of N references costs one statement, not N.
 * Missing rows resolve to `null`.
 */
export function byIdLoader<T extends { id: string }>(em: EntityManager, entity: EntityName<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await em.find(entity, { id: { $in: [...ids] } } as never);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * A per-request loader of one-to-many or many-to-many children grouped by a parent key. `fetch` gets every
 * parent key of the tick and returns `[parentKey, child]` pairs, in the order the children should appear.
 */
export function groupLoader<T>(fetch: (keys: readonly string[]) => Promise<[string, T][]>) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const [key, child] of await fetch(keys)) groups.get(key)?.push(child);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * A per-request loader of at most one row per key, for rows read without the ORM (`byIdLoader` goes through
 * `em.find`). `fetch` gets every key of the tick and returns `[key, row]` pairs; missing keys resolve to
 * `null`.
 */
export function keyLoader<T>(fetch: (keys: readonly string[]) => Promise<[string, T][]>) {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = new Map(await fetch(keys));
    return keys.map((k) => rows.get(k) ?? null);
  });
}
