import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm, type Orm, requestScope } from '../src/orm.ts';
import { reportStatement, withPooledClient } from '../src/pg-connection.ts';
import { runPrepared, sql } from '../src/sql.ts';
import { createTestInfra, type TestInfra } from '../src/testing/index.ts';

/**
 * The contract of the MikroORM internals the kit relies on (pg-connection.ts), against the real driver and the
 * real Postgres: when an ORM upgrade moves them, this fails, and nothing else should need to change.
 */
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
});
afterAll(async () => {
  await orm?.close();
  await infra?.dispose();
});

describe("MikroORM's knex pool", () => {
  it('lends a node-postgres client that runs named prepared statements, and takes it back', async () => {
    const em = orm.orm.em.fork();
    // Twice the pool's size, one after another: a client that was not given back would stall the third.
    for (let i = 0; i < 4; i++) {
      const rows = await withPooledClient(em, async (client) => {
        await client.query({ name: 'contract_probe', text: 'select $1::int + 1 as n', values: [i] });
        return (await client.query({ name: 'contract_probe', text: 'select $1::int + 1 as n', values: [i] }))
          .rows;
      });
      expect(rows).toEqual([{ n: i + 1 }]);
    }
  });

  it('takes the client back when the work fails', async () => {
    const em = orm.orm.em.fork();
    for (let i = 0; i < 3; i++) {
      await expect(
        withPooledClient(em, (client) => client.query({ text: 'select * from no_such_table', values: [] })),
      ).rejects.toThrow(/no_such_table/);
    }
    expect(
      await withPooledClient(
        em,
        async (client) => (await client.query({ text: 'select 1 as one', values: [] })).rows,
      ),
    ).toEqual([{ one: 1 }]);
  });
});

describe("MikroORM's query hook", () => {
  it("is the kit's: a statement reported inside a request counts in orm.statements, outside it does not", async () => {
    const em = orm.orm.em.fork();
    const before = orm.statements;
    reportStatement(em, 'select 1', []);
    expect(orm.statements).toBe(before);
    await requestScope.run(true, async () => {
      reportStatement(em, 'select 1', []);
      // runPrepared reports its statement the same way.
      expect(await runPrepared<{ n: number }>(em, sql`select ${41}::int + 1 as n`)).toEqual([{ n: 42 }]);
    });
    expect(orm.statements).toBe(before + 2);
  });
});
