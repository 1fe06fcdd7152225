import { z } from 'zod';

// The publish preview of a table: the migration from its PostgreSQL table's version and what it finds in the rows.
export const tableMigrationPreviewSchema = z.object({
  fromVersion: z.number().int().nullable(),
  steps: z.array(
    z.object({
      kind: z.string(),
      fieldId: z.string().nullable(),
      description: z.string(),
      sql: z.array(z.string()),
    }),
  ),
  checks: z.array(
    z.object({
      kind: z.enum(['missingValues', 'castFailures', 'duplicates']),
      fieldId: z.string(),
      key: z.string(),
      message: z.string(),
      count: z.number().int(),
      // The first few rows it found.
      recordIds: z.array(z.uuid()),
    }),
  ),
  // Publishing is refused while a check finds rows.
  blocked: z.boolean(),
});
export type TableMigrationPreview = z.infer<typeof tableMigrationPreviewSchema>;
