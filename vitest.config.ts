import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{shared,prisma,api,collab-server,engine,client}/src/**/*.test.{ts,tsx}',
      '{bench,scripts}/**/*.test.ts',
    ],
    globalSetup: ['./prisma/src/testing/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
