import type { SessionUser } from '@erp/prisma';
import { AppError, type CreateReleaseInput, type Release } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import { migrateTablesAround } from '../records/table-backfill';
import { goingLive, publishTransaction, readPublishables, storeVersion } from './publishing';
import { toVersionSummary } from './version-view';

/**
 * Publishes several documents at once, all or none: their drafts are checked as one set (a flow may reference
 * a form published with it), then every version and the release are written in one transaction.
 */
export async function createRelease(
  deps: AppDeps,
  actor: SessionUser,
  input: CreateReleaseInput,
): Promise<Release> {
  const documents = await deps.prisma.document.findMany({
    where: { id: { in: input.documentIds } },
    select: { id: true, kind: true, name: true },
  });
  if (documents.length !== input.documentIds.length) {
    const found = new Set(documents.map((document) => document.id));
    const missing = input.documentIds.filter((id) => !found.has(id));
    throw new AppError('not_found', 'Some of these documents do not exist.', { documentIds: missing });
  }
  // Locks are taken in id order, so two releases sharing documents cannot deadlock.
  documents.sort((left, right) => (left.id < right.id ? -1 : 1));
  const publishables = await readPublishables(deps, documents);
  const tables = await goingLive(deps, publishables);
  return migrateTablesAround(deps, actor, tables, () =>
    deps.prisma.$transaction(async (tx) => {
      const release = await tx.release.create({
        data: { message: input.message, authorId: actor.id },
        include: { author: { select: { id: true, name: true } } },
      });
      const stored = [];
      for (const publishable of publishables) {
        const { row, created } = await storeVersion(tx, deps, actor, publishable, {
          message: input.message,
          releaseId: release.id,
        });
        stored.push({ document: publishable.document, row, created });
      }
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'release.created',
        targetType: 'release',
        targetId: release.id,
        details: {
          documents: stored.map(({ document, row, created }) => ({
            documentId: document.id,
            number: row.number,
            created,
          })),
        },
      });
      return {
        id: release.id,
        message: release.message,
        author: release.author,
        createdAt: release.createdAt.toISOString(),
        documents: stored.map(({ document, row, created }) => ({
          documentId: document.id,
          kind: document.kind,
          name: document.name,
          version: toVersionSummary(row),
          created,
        })),
      };
    }, publishTransaction),
  );
}
