import {
  abandonPreparedMigration,
  finishTableMigration,
  type PreparedField,
  prepareTableMigration,
  type SessionUser,
} from '@erp/prisma';
import { type Table, upgradeDocument } from '@erp/shared';
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
  const abandon = async (error: unknown) => {
    for (const { documentId, table, fields } of prepared)
      if (fields.length > 0) await abandonPreparedMigration(deps.prisma, documentId, table, fields, error);
  };
  try {
    for (const { documentId, content } of tables) {
      const table = upgradeDocument('table', content) as Table;
      const entry = { documentId, table, fields: [] as PreparedField[] };
      prepared.push(entry);
      entry.fields = await prepareTableMigration(deps.prisma, { documentId, table, actorId: actor.id });
    }
    const result = await makeLive();
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
