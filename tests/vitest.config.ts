import { defineConfig } from 'vitest/config';

// One test run for every workspace. Suites start real services on port 0 against the real Postgres and
// Redis (each suite in its own fresh database and key prefix, see @tiketi/kit/testing).
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module). Node loads the CJS build for everyone; Vite would pick the
    // ESM one for our code while the federation packages `require` the CJS one, and graphql refuses to mix
    // types from two copies ("from another module or realm"). Resolve it the way Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: [
      'web/test/**/*.test.ts',
      'admin/test/**/*.test.ts',
      'subgraphs/*/test/**/*.test.ts',
      'router/test/**/*.test.ts',
      'schema/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    pool: 'forks',
    // 2 cores: two suites at a time keeps each suite's servers responsive.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
