import { defineConfig } from 'prisma/config';

// The CLI is only used for `generate` here (migrations run through our own runner, see src/migrations).
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/unused' },
});
