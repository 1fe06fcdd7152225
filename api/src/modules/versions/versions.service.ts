import { previewTableMigration, type SessionUser } from '@erp/prisma';
import {
  AppError,
  type DiffEndpoint,
  type DiffQuery,
  type DocumentDiff,
  diffDocuments,
  type EditAuthor,
  emptyDocument,
  type PublishInput,
  type PublishPreview,
  type PublishResult,
  type ReplaceContentInput,
  upgradeDocument,
  type Version,
  validateDocument,
} from '@erp/shared';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import { validateImportedContent } from '../documents/imported-content';
import { migrateTablesAround } from '../records/table-backfill';
import { type DocumentDraft, type DocumentRef, findDocument, readDraft } from './drafts';
import { readHistoryPoint } from './history.service';
import { checkDrafts, goingLive, inPublishTransaction, readPublishable, storeVersion } from './publishing';
import { readPublishingSettings } from './settings.service';
import { toVersionSummary, toVersionView, versionInclude } from './version-view';

/** Publishes the draft: a new version (201), or the latest one when nothing changed (200, created: false). */
export async function publishDocument(
  deps: AppDeps,
  actor: SessionUser,
  documentId: string,
  input: PublishInput,
): Promise<PublishResult> {
  const { publishable, check } = await readPublishable(deps, documentId);
  const { document } = publishable;
  // A table's migration starts from its draft before the transaction, so only a publishable one may get there;
  // any other draft is checked in the transaction that stores its version.
  const isCheckedFirst = document.kind === 'table';
  if (isCheckedFirst) await check(deps.pool);
  const { row, created } = await migrateTablesAround(deps, actor, await goingLive(deps, [publishable]), () =>
    inPublishTransaction(deps, [document.kind], (tx) =>
      storeVersion(tx, deps, actor, publishable, {
        message: input.message,
        ...(isCheckedFirst ? {} : { check }),
      }),
    ),
  );
  return { version: toVersionSummary(row), created };
}

/** What publishing now would change since the latest version, who made those edits, and what would refuse it. */
export async function previewPublish(
  deps: AppDeps,
  actor: SessionUser,
  documentId: string,
): Promise<PublishPreview> {
  const { document, ...draft } = await readDraft(deps, documentId);
  const base = await deps.prisma.documentVersion.findFirst({
    where: { documentId, status: { not: 'withdrawn' } },
    orderBy: { number: 'desc' },
    select: { number: true, content: true, createdAt: true },
  });
  const [issues, authors, settings] = await Promise.all([
    checkDrafts(deps, [{ document, content: draft.content }]),
    listEditAuthors(deps, documentId, base?.createdAt ?? null),
    readPublishingSettings(deps.prisma),
  ]);
  return {
    baseVersion: base?.number ?? null,
    changes: diffDocuments(
      document.kind,
      base ? (upgradeDocument(document.kind, base.content) as object) : emptyDocument(document.kind),
      draft.content,
    ),
    authors,
    issues,
    requiresApproval: settings.requiresApproval,
    ...(await previewMigration(deps, actor, document, draft.content, issues)),
  };
}

// A table's migration can be planned once its draft is publishable.
async function previewMigration(
  deps: AppDeps,
  actor: SessionUser,
  document: DocumentRef,
  content: unknown,
  issues: unknown[],
): Promise<Pick<PublishPreview, 'migration'>> {
  if (document.kind !== 'table' || issues.length > 0) return {};
  const table = validateDocument('table', content);
  if (!table.ok) return {};
  return { migration: await previewTableMigration(deps.prisma, document.id, table.value, actor.id) };
}

// From the update log: who edited the document after `since` (everyone when null), most edits first.
async function listEditAuthors(deps: AppDeps, documentId: string, since: Date | null): Promise<EditAuthor[]> {
  const groups = await deps.prisma.documentUpdate.groupBy({
    by: ['userId'],
    where: { documentId, userId: { not: null }, ...(since ? { createdAt: { gt: since } } : {}) },
    _count: { _all: true },
    _min: { createdAt: true },
    _max: { createdAt: true },
  });
  const users = await deps.prisma.user.findMany({
    where: { id: { in: groups.flatMap((group) => (group.userId ? [group.userId] : [])) } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((user) => [user.id, user]));
  return groups
    .flatMap((group) => {
      const user = group.userId ? names.get(group.userId) : undefined;
      if (!user || !group._min.createdAt || !group._max.createdAt) return [];
      return [
        {
          user,
          edits: group._count._all,
          firstEditAt: group._min.createdAt.toISOString(),
          lastEditAt: group._max.createdAt.toISOString(),
        },
      ];
    })
    .sort((left, right) => right.edits - left.edits || left.user.name.localeCompare(right.user.name));
}

/** Every version of the document, newest first. */
export async function listVersions(deps: AppDeps, documentId: string) {
  await findDocument(deps, documentId);
  const rows = await deps.prisma.documentVersion.findMany({
    where: { documentId },
    orderBy: { number: 'desc' },
    include: versionInclude,
  });
  return { items: rows.map(toVersionSummary), nextCursor: null };
}

export async function getVersion(deps: AppDeps, documentId: string, number: number): Promise<Version> {
  await findDocument(deps, documentId);
  return toVersionView(await findVersion(deps, documentId, number));
}

async function findVersion(deps: AppDeps, documentId: string, number: number) {
  const row = await deps.prisma.documentVersion.findUnique({
    where: { documentId_number: { documentId, number } },
    include: versionInclude,
  });
  if (!row) throw new AppError('not_found', `This document has no version ${number}.`);
  return row;
}

/** The semantic diff between two versions, a version and the draft, or a history point and either. */
export async function diffDocument(
  deps: AppDeps,
  documentId: string,
  query: DiffQuery,
): Promise<DocumentDiff> {
  // A draft endpoint's read finds the document too (and is made once when both ends are the draft).
  const draft = [query.from, query.to].some((end) => end.type === 'draft')
    ? await readDraft(deps, documentId)
    : null;
  const document = draft?.document ?? (await findDocument(deps, documentId));
  const before = await contentAt(deps, document, draft, query.from);
  const after = await contentAt(deps, document, draft, query.to);
  return { changes: diffDocuments(document.kind, before, after) };
}

async function contentAt(
  deps: AppDeps,
  document: DocumentRef,
  draft: DocumentDraft | null,
  endpoint: DiffEndpoint,
): Promise<object> {
  if (endpoint.type === 'draft') return (draft ?? (await readDraft(deps, document.id))).content;
  if (endpoint.type === 'history') return (await readHistoryPoint(deps, document, endpoint.pointId)).content;
  return (await findVersion(deps, document.id, endpoint.number)).content as object;
}

/** The draft becomes a version's content, applied by the collab server as one ordinary transaction. */
export async function restoreVersion(deps: AppDeps, actor: SessionUser, documentId: string, number: number) {
  const document = await findDocument(deps, documentId);
  const version = await findVersion(deps, documentId, number);
  const changed = await deps.drafts.replace({
    documentId,
    kind: document.kind,
    content: version.content,
    userId: actor.id,
  });
  await deps.prisma.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: 'document.restored',
      targetType: 'document',
      targetId: documentId,
      details: { number, changed },
    }),
  );
  return { changed };
}

/** Replaces the draft with an imported snapshot (422 with the issues by path when it is not valid). */
export async function replaceContent(
  deps: AppDeps,
  actor: SessionUser,
  documentId: string,
  input: ReplaceContentInput,
) {
  const document = await findDocument(deps, documentId);
  const content = validateImportedContent(document.kind, input.content);
  const changed = await deps.drafts.replace({ documentId, kind: document.kind, content, userId: actor.id });
  await deps.prisma.$transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.id,
      action: 'document.contentReplaced',
      targetType: 'document',
      targetId: documentId,
      details: { changed },
    }),
  );
  return { changed };
}

/** The draft as JSON in the kind's published schema (as it is: it may not be valid yet). */
export async function exportDocument(deps: AppDeps, documentId: string): Promise<Record<string, unknown>> {
  return (await readDraft(deps, documentId)).content;
}
