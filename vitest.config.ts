import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real servers (coturn, Fastify); keep them off each other's ports.
    pool: 'forks',
    // Vitest's default on 2 cores is one worker; most files wait on servers and sockets, so two
    // finish the suite sooner (about 310 -> 260 s here).
    maxWorkers: 2,
    // Each worker imports the server's modules once, not once per test file: the imports were 100 s
    // of the suite's worker time (about 255 -> 160 s for the stage). Test files build their own apps
    // and undo what they change (timers, globals, process.env).
    isolate: false,
    // As for the browser tests: a test that fails once runs again, and `npm test` names it.
    retry: 1,
    // One PostgreSQL cluster for the run; test files take a fresh database with freshPgDatabase().
    globalSetup: ['test/support/pg-global-setup.ts'],
    setupFiles: ['test/support/after-each-file.ts'],
    testTimeout: 20_000,
  },
});
