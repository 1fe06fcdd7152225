import {
  abandonPreparedMigration,
  finishTableMigration,
  isLockTimeout,
  type PreparedField,
  prepareTableMigration,
  type SessionUser,
} from '@erp/prisma';
import { AppError, type Table, upgradeDocument } from '@erp/shared';
import type { AppDeps } from '../../deps';

// Every way a table version goes live (a publish, a release, an approved candidate) migrates its table the same
// way: the long parts — filling a million rows, a type change's shadow column — run before the transaction that
// makes the version live, the previous version still live and readable (@erp/prisma's prepareTableMigration,
// progress at GET /api/tables/:id/migration); `makeLive` is that transaction. When it fails, each table is put
// back as its live version has it; once it committed, what may only follow the commit is finished.

export interface GoingLive {
  documentId: string;
  /** The table version's content, as published. */
  content: unknown;
}

export async function migrateTablesAround<T>(
  deps: AppDeps,
  actor: SessionUser,
  tables: GoingLive[],
  makeLive: () => Promise<T>,
): Promise<T> {
  const prepared: { documentId: string; table: Table; fields: PreparedField[] }[] = [];
  let busy = false;
  const abandon = async (error: unknown) => {
    for (const { documentId, table, fields } of prepared) {
      // Refused because the table is busy: new columns and shadow columns stay (their default and trigger keep
      // them right) for the next publish to carry on from, as dropping them would wait for the same lock.
      // Filled rows are emptied again as after any failure: that takes row locks only.
      const undone = busy ? fields.filter((field) => field.kind === 'fill') : fields;
      if (fields.length > 0) await abandonPreparedMigration(deps.prisma, documentId, table, undone, error);
    }
  };
  try {
    for (const { documentId, content } of tables) {
      const table = upgradeDocument('table', content) as Table;
      const entry = { documentId, table, fields: [] as PreparedField[] };
      prepared.push(entry);
      entry.fields = await prepareTableMigration(deps.prisma, { documentId, table, actorId: actor.id });
    }
    const result = await retryWhileBusy(deps.config.TABLE_MIGRATION_ATTEMPTS, makeLive, () => {
      busy = true;
    });
    for (const { documentId, table } of prepared) {
      // The version is live whatever happens here; the next migration of the table finishes what this leaves.
      await finishTableMigration(deps.prisma, documentId, table).catch((error: unknown) =>
        deps.logger.warn({ err: error, documentId }, 'table migration left to finish'),
      );
    }
    return result;
  } catch (error) {
    await abandon(error);
    throw error;
  }
}

// A table's migration waits 200 ms at most for its locks (applyTableMigration), so that readers arriving meanwhile
// never queue longer behind it; a reader holding the table longer fails the transaction with 55P03, which is
// tried again whole after a pause (the reader may be done by then), up to `attempts` times.
async function retryWhileBusy<T>(
  attempts: number,
  makeLive: () => Promise<T>,
  onGiveUp: () => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await makeLive();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      if (attempt >= attempts) {
        onGiveUp();
        throw new AppError(
          'conflict',
          'The table is busy: a long read or write is using it. Nothing was changed; try again in a moment.',
          { reason: 'table_busy', attempts },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
    }
  }
}
