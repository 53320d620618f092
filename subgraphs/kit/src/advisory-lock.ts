import pg from 'pg';

/**
 * Runs `work` while holding a Postgres session-level advisory lock (`pg_advisory_lock`) on a connection of its
 * own, so the lock spans everything `work` does on other connections (MikroORM's migrator takes its own from the
 * pool). A second caller with the same `name` waits until the first is done, then sees what the first did.
 * The lock dies with its connection: a migration Job killed mid-run never leaves the database locked.
 */
export async function withAdvisoryLock<T>(url: string, name: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: `lock:${name}` });
  await client.connect();
  try {
    // hashtext gives the 32-bit key the two-key form wants; the namespace keeps us clear of other users' locks.
    await client.query(`select pg_advisory_lock(hashtext('tiketi'), hashtext($1))`, [name]);
    try {
      return await work();
    } finally {
      await client
        .query(`select pg_advisory_unlock(hashtext('tiketi'), hashtext($1))`, [name])
        .catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
