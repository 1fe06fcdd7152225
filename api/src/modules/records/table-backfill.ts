import { abandonPreparedMigration, prepareTableMigration, type SessionUser } from '@erp/prisma';
import { type Table, upgradeDocument } from '@erp/shared';
import type { AppDeps } from '../../deps';
import type { Publishable } from '../versions/publishing';
import { readPublishingSettings } from '../versions/settings.service';

// A table's publish that fills a million rows does the filling before the publish transaction, the previous
// version still live and readable (@erp/prisma's prepareTableMigration, progress at GET /api/tables/:id/migration);
// `publish` is that transaction. When it fails, the table is put back as the live version has it.

export async function publishWithBackfill<T>(
  deps: AppDeps,
  actor: SessionUser,
  publishable: Publishable,
  publish: () => Promise<T>,
): Promise<T> {
  // A candidate waiting for approval changes no table; it migrates in one transaction when approved.
  if (publishable.document.kind !== 'table' || (await readPublishingSettings(deps.prisma)).requiresApproval)
    return publish();
  const table = upgradeDocument('table', publishable.content) as Table;
  const input = { documentId: publishable.document.id, table, actorId: actor.id };
  const prepared = await prepareTableMigration(deps.prisma, input);
  try {
    return await publish();
  } catch (error) {
    if (prepared.length > 0)
      await abandonPreparedMigration(deps.prisma, input.documentId, table, prepared, error);
    throw error;
  }
}
