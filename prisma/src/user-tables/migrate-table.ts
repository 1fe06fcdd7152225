import {
  AppError,
  describeMigrationCheck,
  describeMigrationStep,
  planTableMigration,
  type Table,
  type TableMigrationPreview,
  upgradeTable,
} from '@erp/shared';
import type { Prisma, PrismaClient } from '../generated/client';
import { filledRowsCleanup, forgetFailedBackfill, preparedStepStatements } from './backfill';
import { qualifiedTable, tableIdent, userDataSchema } from './identifiers';
import { checkQuery, type Retype, stepStatements } from './migration-sql';
import { findRetypes, isRetypePrepared, refusedRowsQuery } from './retype';

type Db = PrismaClient | Prisma.TransactionClient;

// A table document's PostgreSQL table follows its live version: going live migrates it, in the transaction that
// makes the version live, from the definition recorded in `user_tables` (what exists, whatever was published
// since). The preview runs the same plan and checks without changing anything.

/** The definition a table document's PostgreSQL table has now, or null before its first live version. */
export async function readAppliedTable(
  db: Db,
  documentId: string,
): Promise<{ version: number; table: Table } | null> {
  const row = await db.userTable.findUnique({ where: { documentId } });
  return row ? { version: row.version, table: upgradeTable(row.definition) as Table } : null;
}

async function runChecks(
  db: Db,
  documentId: string,
  applied: Table | null,
  to: Table,
  actorId: string,
  prepared: Retype[] = [],
) {
  const plan = planTableMigration(applied, to);
  const existing = new Set((applied?.fields ?? []).map((field) => field.id));
  const retyped = new Set(prepared.map((retype) => retype.field.id));
  const checks: TableMigrationPreview['checks'] = [];
  if (applied) {
    for (const check of plan.checks) {
      // A prepared type change noted the rows it refuses; its unique index (built) proved there are no duplicates.
      if (retyped.has(check.field.id) && check.kind === 'duplicates') continue;
      const query = retyped.has(check.field.id)
        ? refusedRowsQuery(documentId, check.field, check.kind)
        : checkQuery(check, documentId, existing);
      const found = await db.$queryRawUnsafe<{ id: string; total: number }[]>(query.sql, ...query.params);
      const count = found[0]?.total ?? 0;
      checks.push({
        kind: check.kind,
        fieldId: check.field.id,
        key: check.field.key,
        message: describeMigrationCheck(check, count),
        count,
        recordIds: found.map((row) => row.id),
      });
    }
  }
  const context = { documentId, version: 0, actorId };
  const steps = plan.steps.map((step) => ({
    step,
    statements: stepStatements(step, context),
  }));
  return { plan, steps, checks: checks.filter((check) => check.count > 0) };
}

function toPreview(
  fromVersion: number | null,
  result: Awaited<ReturnType<typeof runChecks>>,
): TableMigrationPreview {
  return {
    fromVersion,
    steps: result.steps.map(({ step, statements }) => ({
      kind: step.kind,
      fieldId: 'field' in step ? step.field.id : null,
      description: describeMigrationStep(step),
      sql: statements.map((statement) => statement.sql),
    })),
    checks: result.checks,
    blocked: result.checks.length > 0,
  };
}

/** What making `to` live would do to the table of `documentId`, and what in its rows would refuse it. */
export async function previewTableMigration(
  db: Db,
  documentId: string,
  to: Table,
  actorId: string,
): Promise<TableMigrationPreview> {
  const applied = await readAppliedTable(db, documentId);
  return toPreview(
    applied?.version ?? null,
    await runChecks(db, documentId, applied?.table ?? null, to, actorId),
  );
}

/**
 * Migrates the table of `documentId` to version `version` (`table`) inside `tx`, the transaction that makes
 * the version live; refuses (422, the checks in `details`) when existing rows would lose data. The caller holds
 * the document's row lock, so two publishes never migrate one table at once.
 */
export async function applyTableMigration(
  tx: Prisma.TransactionClient,
  input: { documentId: string; version: number; table: Table; actorId: string },
): Promise<TableMigrationPreview> {
  const applied = await readAppliedTable(tx, input.documentId);
  // A migration waits at most this long for a lock other sessions hold, then fails with 55P03 and changes nothing:
  // while its ACCESS EXCLUSIVE waits behind a long reader, every new reader queues behind it. The caller tries
  // the whole transaction again a moment later (the api's migrateTablesAround). For the rest of the transaction
  // too: once it holds ACCESS EXCLUSIVE on one table (a release migrates several), no wait may prolong that.
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '200ms'`);
  const prepared: Retype[] = [];
  for (const retype of findRetypes(planTableMigration(applied?.table ?? null, input.table)))
    if (await isRetypePrepared(tx, input.documentId, retype)) prepared.push(retype);
  // Writes wait from here to the commit (reads go on): the rows prepared type changes noted are all there are.
  if (prepared.length > 0)
    await tx.$executeRawUnsafe(`LOCK TABLE ${qualifiedTable(input.documentId)} IN SHARE ROW EXCLUSIVE MODE`);
  const result = await runChecks(
    tx,
    input.documentId,
    applied?.table ?? null,
    input.table,
    input.actorId,
    prepared,
  );
  const preview = toPreview(applied?.version ?? null, result);
  if (preview.blocked) {
    throw new AppError(
      'validation_failed',
      'The rows of this table need attention before this version can go live.',
      {
        checks: preview.checks,
      },
    );
  }
  const context = { documentId: input.documentId, version: input.version, actorId: input.actorId };
  // What prepareTableMigration did before this transaction shows in the table's columns.
  const found = await tx.$queryRaw<{ column_name: string }[]>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = ${userDataSchema} AND table_name = ${tableIdent(input.documentId)}`;
  const columns = new Set(found.map((row) => row.column_name));
  const appliedFieldIds = new Set((applied?.table.fields ?? []).map((field) => field.id));
  await forgetFailedBackfill(tx, input.documentId);
  const definition = input.table as unknown as Prisma.InputJsonObject;
  await tx.userTable.upsert({
    where: { documentId: input.documentId },
    create: { documentId: input.documentId, version: input.version, definition },
    update: { version: input.version, definition },
  });
  // The DDL last: what takes ACCESS EXCLUSIVE holds it only until the caller commits, which comes next. Statements
  // without parameters go together in one round trip, so the lock is not held across several.
  const statements = result.plan.steps.flatMap((step) => [
    ...(preparedStepStatements(step, { ...context, columns, appliedFieldIds, prepared }) ??
      stepStatements(step, context)),
    ...filledRowsCleanup(step, input.documentId),
  ]);
  let together: string[] = [];
  const flush = async () => {
    if (together.length > 0)
      await tx.$executeRawUnsafe(`DO $migration$ BEGIN ${together.join('; ')}; END $migration$`);
    together = [];
  };
  for (const statement of statements) {
    if (statement.params.length === 0) {
      together.push(statement.sql);
      continue;
    }
    await flush();
    await tx.$executeRawUnsafe(statement.sql, ...statement.params);
  }
  await flush();
  return preview;
}
