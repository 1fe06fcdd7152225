import type { SessionUser } from '@erp/prisma';
import { AppError, type CreateReviewInput, type Review } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import { migrateTablesAround } from '../records/table-backfill';
import { findDocument } from './drafts';
import { approveCandidate, publishTransaction } from './publishing';
import { readVersionContent } from './stored-versions';
import { versionInclude } from './version-view';

const reviewInclude = {
  author: { select: { id: true, name: true } },
  version: { select: { number: true } },
} as const;

type ReviewRow = {
  id: string;
  decision: Review['decision'];
  body: string;
  entityId: string | null;
  parentId: string | null;
  createdAt: Date;
  author: { id: string; name: string };
  version: { number: number };
};

function toReviewView(row: ReviewRow): Review {
  return {
    id: row.id,
    versionNumber: row.version.number,
    decision: row.decision,
    body: row.body,
    entityId: row.entityId,
    parentId: row.parentId,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findVersionId(deps: AppDeps, documentId: string, number: number): Promise<string> {
  await findDocument(deps, documentId);
  const row = await deps.prisma.documentVersion.findUnique({
    where: { documentId_number: { documentId, number } },
    select: { id: true },
  });
  if (!row) throw new AppError('not_found', `This document has no version ${number}.`);
  return row.id;
}

/** A version's reviews, oldest first (threads read top to bottom). */
export async function listReviews(deps: AppDeps, documentId: string, number: number) {
  const versionId = await findVersionId(deps, documentId, number);
  const rows = await deps.prisma.versionReview.findMany({
    where: { versionId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: reviewInclude,
  });
  return { items: rows.map(toReviewView) };
}

/**
 * A comment, a request for changes, or an approval. Approving a candidate makes it live; nobody approves their
 * own version (403), and only a candidate can be approved (409).
 */
export async function createReview(
  deps: AppDeps,
  actor: SessionUser,
  documentId: string,
  number: number,
  input: CreateReviewInput,
): Promise<Review> {
  const versionId = await findVersionId(deps, documentId, number);
  // An approved table version migrates its table as a publish does: the long parts before this transaction
  // (which checks again, under the document's lock, that this approval may happen).
  const version = await deps.prisma.documentVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { status: true, authorId: true, document: { select: { kind: true } } },
  });
  const approvesTable =
    input.decision === 'approve' &&
    version.document.kind === 'table' &&
    version.status === 'candidate' &&
    version.authorId !== actor.id;
  const tables = approvesTable
    ? [{ documentId, content: await readVersionContent(deps.prisma, versionId) }]
    : [];
  return migrateTablesAround(deps, actor, tables, () =>
    deps.prisma.$transaction(async (tx) => {
      if (input.parentId) {
        const parent = await tx.versionReview.findFirst({ where: { id: input.parentId, versionId } });
        if (!parent) throw new AppError('not_found', 'There is no such review of this version to reply to.');
      }
      let approved: Parameters<typeof approveCandidate>[2] | null = null;
      if (input.decision === 'approve') {
        await tx.$queryRaw`SELECT id FROM documents WHERE id = ${documentId}::uuid FOR UPDATE`;
        const version = await tx.documentVersion.findUniqueOrThrow({
          where: { id: versionId },
          include: versionInclude,
        });
        if (version.authorId === actor.id) {
          throw new AppError('forbidden', 'Someone other than its author approves a version.');
        }
        if (version.status !== 'candidate') {
          throw new AppError(
            'conflict',
            `Version ${number} is ${version.status}; only a candidate can be approved.`,
          );
        }
        approved = version;
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'version.approved',
          targetType: 'document',
          targetId: documentId,
          details: { number },
        });
      }
      const row = await tx.versionReview.create({
        data: {
          versionId,
          decision: input.decision,
          body: input.body,
          entityId: input.entityId ?? null,
          parentId: input.parentId ?? null,
          authorId: actor.id,
        },
        include: reviewInclude,
      });
      // Last: a table's migration holds its lock until the commit.
      if (approved) await approveCandidate(tx, deps, approved, actor.id);
      return toReviewView(row);
    }, publishTransaction),
  );
}
