import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real servers (coturn, Fastify); keep them off each other's ports.
    pool: 'forks',
    // One PostgreSQL cluster for the run; test files take a fresh database with freshPgDatabase().
    globalSetup: ['test/support/pg-global-setup.ts'],
    testTimeout: 20_000,
  },
});
