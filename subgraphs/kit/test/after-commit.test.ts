import { TransactionPropagation } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterCommit,
  beforeCommit,
  endTransactionState,
  installAfterCommit,
  transactionState,
} from '../src/after-commit.ts';
import { createOrm, type Orm } from '../src/orm.ts';
import { createTestInfra, type TestInfra } from '../src/testing/index.ts';

/** Per-transaction work and state against the real Postgres: what the seat feed's one bump per commit rests on. */
let infra: TestInfra;
let orm: Orm;

beforeAll(async () => {
  infra = await createTestInfra();
  orm = await createOrm({
    url: infra.databaseUrl,
    schema: 'public',
    entities: [],
    migrations: [],
    poolSize: 2,
  });
  installAfterCommit(orm.orm);
});
afterAll(async () => {
  await orm?.close();
  await infra?.dispose();
});

describe('transactionState', () => {
  it('is one state per owner and root transaction, shared by nested REQUIRED work, new in the next one', async () => {
    const owner = {};
    const log: string[] = [];
    const gather = (em: Parameters<typeof transactionState>[0], item: string) => {
      const { state, created } = transactionState(em, owner, () => [] as string[]);
      if (created) {
        beforeCommit(em, async () => {
          log.push(`before commit: ${state.join(',')}`);
          endTransactionState(em, owner);
        });
        afterCommit(em, () => log.push(`after commit: ${state.join(',')}`));
      }
      state.push(item);
    };
    await orm.orm.em.fork().transactional(async (tx) => {
      gather(tx, 'a');
      await tx.transactional(async (inner) => gather(inner, 'b'), {
        propagation: TransactionPropagation.REQUIRED,
      });
      expect(log).toEqual([]);
    });
    expect(log).toEqual(['before commit: a,b', 'after commit: a,b']);
    await orm.orm.em.fork().transactional(async (tx) => gather(tx, 'c'));
    expect(log.slice(2)).toEqual(['before commit: c', 'after commit: c']);
  });

  it('is dropped with a rollback: nothing runs', async () => {
    const owner = {};
    const log: string[] = [];
    await expect(
      orm.orm.em.fork().transactional(async (tx) => {
        const { created } = transactionState(tx, owner, () => 1);
        if (created) afterCommit(tx, () => log.push('committed'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(log).toEqual([]);
  });

  it('needs a transaction', () => {
    expect(() => transactionState(orm.orm.em.fork(), {}, () => 0)).toThrow(/not inside a transaction/);
  });
});
