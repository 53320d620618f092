import type { GraphQLDataSource } from '@apollo/gateway';
import type { FetchNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import {
  answeringOnly,
  type EntityStep,
  entitiesOf,
  mergeEntities,
  replay,
  runEntitySteps,
  UNREADABLE,
} from '../src/lean-path.ts';

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

  it('runs parallel steps at once; one that fails or errs leaves nothing merged, and every answer is kept', async () => {
    const queue: EntityStep = { ...step, fetch: { kind: 'Fetch', serviceName: 'queue' } as FetchNode };
    const data = () => ({ events: { edges: [{ node: event('1') }, { node: event('2') }] } });
    type Answer = { data?: unknown; errors?: unknown[] };
    const run = async (answers: Record<string, Answer | Error>) => {
      const root = data();
      const kept: string[] = [];
      let inFlight = 0;
      let most = 0;
      const undo = await runEntitySteps<Answer>(root, [step, queue], {
        send: async (s, representations) => {
          expect(representations).toHaveLength(2);
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          const answer = answers[s.fetch.serviceName]!;
          if (answer instanceof Error) throw answer;
          return answer;
        },
        dataOf: (answer) => (answer.errors ? UNREADABLE : answer.data),
        keep: (s, _representations, outcome) =>
          kept.push(`${s.fetch.serviceName}:${'failure' in outcome ? 'failure' : 'answer'}`),
      });
      return { root, undo, kept: kept.sort(), most };
    };
    const seats = { data: { _entities: [{ availability: 1 }, { availability: 2 }] } };
    const waiting = { data: { _entities: [{ queueOpen: true }, { queueOpen: false }] } };

    const both = await run({ seating: seats, queue: waiting });
    expect(both.most).toBe(2);
    expect(both.root.events.edges.map((e) => e.node)).toEqual([
      event('1', { availability: 1, queueOpen: true }),
      event('2', { availability: 2, queueOpen: false }),
    ]);
    both.undo!();
    expect(both.root).toEqual(data());

    for (const queueAnswer of [{ errors: [{ message: 'x' }], data: null }, new Error('cut')]) {
      const one = await run({ seating: seats, queue: queueAnswer });
      expect(one.undo).toBeNull();
      expect(one.root).toEqual(data()); // seating's answer taken back
      expect(one.kept).toEqual([
        `queue:${queueAnswer instanceof Error ? 'failure' : 'answer'}`,
        'seating:answer',
      ]);
    }
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
