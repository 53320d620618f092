import type { GraphQLDataSource } from '@apollo/gateway';
import type { FetchNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { answeringOnly, type EntityStep, entitiesOf, mergeEntities, replay } from '../src/lean-path.ts';

/**
 * The entity step of the lean path (lean-path.ts), piece by piece, against what the gateway's `executeFetch`
 * does; `lean-path.test.ts` runs it whole against the gateway on a real stack.
 */
const step: EntityStep = {
  fetch: { kind: 'Fetch', serviceName: 'seating' } as FetchNode,
  path: ['events', 'edges', '@', 'node'],
  typeName: 'Event',
  keys: ['__typename', 'id'],
};
const event = (id: string, more: object = {}) => ({ __typename: 'Event', title: `t${id}`, id, ...more });

describe('the entity step of the lean path', () => {
  it('finds the objects at the path, nulls skipped, each with its representation in the keys’ order', () => {
    const data = {
      events: { edges: [{ node: event('1') }, { node: null }, null, { node: event('2') }] },
    };
    const found = entitiesOf(data, step);
    expect(found?.entities).toEqual([event('1'), event('2')]);
    expect(found?.entities[0]).toBe(data.events.edges[0]!.node);
    expect(found?.representations.map((r) => JSON.stringify(r))).toEqual([
      '{"__typename":"Event","id":"1"}',
      '{"__typename":"Event","id":"2"}',
    ]);
    expect(entitiesOf({ events: null }, step)).toEqual({ entities: [], representations: [] });
  });

  it('leaves to the gateway objects it would represent otherwise', () => {
    const at = (node: unknown) => entitiesOf({ events: { edges: [{ node }] } }, step);
    expect(at({ ...event('1'), __typename: 'Venue' })).toBeNull();
    expect(at({ __typename: 'Event' })).toBeNull(); // no key: the gateway skips it
    expect(at(event('1', { id: { nested: true } }))).toBeNull();
    expect(at([event('1')])).toBeNull();
    expect(entitiesOf({ events: { edges: { node: event('1') } } }, step)).toBeNull(); // not a list at @
  });

  it('merges one answer per entity, new fields only, and can take the merge back', () => {
    const entities = [event('1'), event('2')];
    const before = JSON.stringify(entities);
    const undo = mergeEntities(entities, {
      _entities: [{ availability: { sold: 1 } }, { __typename: 'Event', availability: { sold: 2 } }],
    });
    expect(entities.map((e) => (e as { availability?: unknown }).availability)).toEqual([
      { sold: 1 },
      { sold: 2 },
    ]);
    undo!();
    expect(JSON.stringify(entities)).toBe(before);

    expect(mergeEntities(entities, { _entities: [{ availability: {} }] })).toBeNull(); // one short
    expect(mergeEntities(entities, { _entities: [{ availability: {} }, null] })).toBeNull();
    expect(mergeEntities(entities, { _entities: [{ title: 'x' }, { availability: {} }] })).toBeNull();
    expect(mergeEntities(entities, { _entities: [{ __typename: 'Venue' }, {}] })).toBeNull();
    expect(mergeEntities(entities, null)).toBeNull();
    expect(JSON.stringify(entities)).toBe(before);
  });

  it('replays an entity answer only to a call sending the same representations', async () => {
    const representations = [{ __typename: 'Event', id: '1' }];
    const called: unknown[] = [];
    const subgraph: GraphQLDataSource = {
      process: async (options) => {
        called.push(options.request.variables?.representations);
        return { data: { _entities: ['called'] } };
      },
    };
    const source = answeringOnly(
      representations,
      replay({ response: { data: { _entities: ['replayed'] } } }),
      subgraph,
    );
    const call = (reps: unknown) =>
      source.process({ request: { variables: { representations: reps } } } as unknown as Parameters<
        GraphQLDataSource['process']
      >[0]);
    expect(await call([{ __typename: 'Event', id: '1' }])).toEqual({ data: { _entities: ['replayed'] } });
    expect(called).toEqual([]);
    expect(await call([{ __typename: 'Event', id: '2' }])).toEqual({ data: { _entities: ['called'] } });
    expect(called).toEqual([[{ __typename: 'Event', id: '2' }]]);
    await expect(replay({ failure: new Error('cut') }).process({} as never)).rejects.toThrow('cut');
  });
});
