import {
  applyTableMigration,
  findLiveVersions,
  inTransaction,
  type Prisma,
  type SessionUser,
  type Sql,
  sqlOf,
} from '@erp/prisma';
import {
  AppError,
  checkReferences,
  type DocumentKind,
  diffDocuments,
  documentKindNames,
  emptyDocument,
  listReferences,
  type PublishedDocument,
  type PublishIssue,
  type Table,
  type TaskForm,
  upgradeDocument,
  validateDocument,
} from '@erp/shared';
import type pg from 'pg';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import type { GoingLive } from '../records/table-backfill';
import { canonicalContent } from './content-hash';
import { type DocumentRef, type Draft, readDraft } from './drafts';
import { readPublishingSettings } from './settings.service';
import {
  findLatestVersion,
  insertVersion,
  keepVersionContent,
  readVersionContent,
  readVersionSummary,
} from './stored-versions';
import { type VersionSummaryRow, versionSummarySelect } from './version-view';

// The steps every way of publishing shares (publish, release, approval): read and check drafts, store a
// version, make a version live together with the engine's job.

type Tx = Prisma.TransactionClient;

// A release writes up to 50 versions, each waiting for its document's lock and the audit chain's: Prisma's 5 s
// default would abort a large release on a busy machine halfway (nothing is stored then, but nothing is published).
export const publishTransaction = { maxWait: 10_000, timeout: 60_000 } as const;

export interface Publishable {
  document: DocumentRef;
  content: Record<string, unknown>;
  stateVector: Uint8Array;
  /** The content's canonical JSON, hashed and stored as it is. */
  readonly contentJson: string;
  readonly contentHash: string;
}

// The JSON and its hash are made when first asked for: a publish asks while its lock's statement is on the way.
export function toPublishable(document: DocumentRef, draft: Draft): Publishable {
  let canonical: { json: string; hash: string } | undefined;
  const made = () => {
    canonical ??= canonicalContent(draft.content);
    return canonical;
  };
  return {
    document,
    ...draft,
    get contentJson() {
      return made().json;
    },
    get contentHash() {
      return made().hash;
    },
  };
}

/**
 * A draft's problems for a publish of `documents` together: schema first, then cross-references (the live
 * versions they name read from `db`: the pool, or the publish's own transaction).
 */
export async function checkDrafts(
  deps: AppDeps,
  drafts: { document: DocumentRef; content: unknown }[],
  db: pg.Pool | Sql = deps.pool,
): Promise<PublishIssue[]> {
  const issues: PublishIssue[] = [];
  const valid: PublishedDocument[] = [];
  const ids: string[] = [];
  for (const { document, content } of drafts) {
    const result = validateDocument(document.kind, content);
    if (result.ok) {
      valid.push({ kind: document.kind, content: result.value } as PublishedDocument);
      ids.push(document.id);
    } else {
      issues.push(...result.issues.map((issue) => ({ ...issue, documentId: document.id })));
    }
  }
  const live = await findLiveReferences(
    db,
    valid.flatMap((published) => listReferences(published.kind, published.content)),
  );
  // What this publish makes available counts as published for the others in it (a flow and its form together).
  const together = new Map(ids.map((id, index) => [id, valid[index] as PublishedDocument]));
  const lookup = (id: string): PublishedDocument | undefined => {
    const found = together.get(id) ?? live.get(id);
    return found ? ({ kind: found.kind, content: found.content } as PublishedDocument) : undefined;
  };
  valid.forEach((published, index) => {
    const documentId = ids[index] as string;
    for (const issue of checkReferences(published.kind, published.content, lookup)) {
      issues.push({ ...issue, documentId });
    }
  });
  return issues;
}

// A dataset joins along the relations of the tables it names, and of the form whose answers it reads (its link
// fields): the tables those point at are looked up too, as far as joins can reach.
async function findLiveReferences(db: pg.Pool | Sql, ids: string[]) {
  const live = await findLiveVersions(db, ids);
  let found = [...live.values()];
  for (let depth = 0; depth < 20 && found.length > 0; depth += 1) {
    const next = found
      .flatMap((version) =>
        version.kind === 'table'
          ? listReferences('table', version.content as Table)
          : version.kind === 'taskForm'
            ? listReferences('taskForm', version.content as TaskForm)
            : [],
      )
      .filter((id) => !live.has(id));
    found = [...(await findLiveVersions(db, next)).values()];
    for (const version of found) live.set(version.documentId, version);
  }
  return live;
}

/** Reads the drafts of `documents`, refusing the whole set (422, every issue by path) when one is not publishable. */
export async function readPublishables(deps: AppDeps, documents: DocumentRef[]): Promise<Publishable[]> {
  const drafts = [];
  for (const document of documents) drafts.push(await readDraft(deps, document.id));
  refuseIssues(documents, await checkDrafts(deps, drafts));
  return drafts.map(({ document, ...draft }) => toPublishable(document, draft));
}

/** Throws the 422 that refuses `documents` when their drafts have issues. */
function refuseIssues(documents: DocumentRef[], issues: PublishIssue[]): void {
  if (issues.length === 0) return;
  const [only] = documents;
  const what = only && documents.length === 1 ? `This ${documentKindNames[only.kind]}` : 'This release';
  throw new AppError('validation_failed', `${what} cannot be published yet.`, { issues });
}

/** Refuses (422) a publishable whose draft has issues, the live versions it names read from `db`. */
export type PublishCheck = (db: pg.Pool | Sql) => Promise<void>;

/**
 * One document's draft to publish, not yet checked: `check` refuses it. A publish runs the check in its
 * transaction, with the lock (`storeVersion`), a table's before anything (its migration starts from the draft).
 */
export async function readPublishable(
  deps: AppDeps,
  documentId: string,
): Promise<{ publishable: Publishable; check: PublishCheck }> {
  const { document, ...draft } = await readDraft(deps, documentId);
  const publishable = toPublishable(document, draft);
  const check: PublishCheck = async (db) =>
    refuseIssues([document], await checkDrafts(deps, [{ document, content: publishable.content }], db));
  return { publishable, check };
}

/** The tables among `publishables` whose versions go live at once (not when publishing needs approval). */
export async function goingLive(deps: AppDeps, publishables: Publishable[]): Promise<GoingLive[]> {
  const tables = publishables.filter((publishable) => publishable.document.kind === 'table');
  if (tables.length === 0 || (await readPublishingSettings(deps.prisma)).requiresApproval) return [];
  return tables.map((publishable) => ({ documentId: publishable.document.id, content: publishable.content }));
}

/**
 * Stores a new version of one document (under its row lock, so numbers are consecutive whoever publishes at
 * the same moment), or returns the latest when the content did not change. Goes live at once unless publishing
 * needs approval. `tx` is a Prisma transaction or plain `Sql` (`inPublishTransaction`); a table's version goes
 * live only in a Prisma one (its migration is written with Prisma). `check`, when given, refuses the draft
 * before anything commits.
 */
export async function storeVersion(
  tx: Tx | Sql,
  deps: AppDeps,
  actor: SessionUser,
  publishable: Publishable,
  extra: { message: string; releaseId?: string; check?: PublishCheck },
): Promise<{ row: VersionSummaryRow; created: boolean }> {
  const { document } = publishable;
  const sql = sqlOf(tx);
  // Issued together, the lock and the reads it guards share a round trip (a pipelined connection); the draft's
  // check (its live references) goes with them, and the hash, needed from the insert on, is made meanwhile. A
  // refused draft throws before anything is written.
  const locked = sql.query('SELECT id FROM documents WHERE id = $1::uuid FOR UPDATE', [document.id]);
  const latestRead = findLatestVersion(sql, document.id);
  const checked = extra.check?.(sql);
  const { contentHash } = publishable;
  const [, { latest, settings }] = await Promise.all([locked, latestRead, checked]);
  if (latest && latest.contentHash === contentHash) {
    return { row: await readVersionSummary(sql, latest.id), created: false };
  }
  const { requiresApproval } = settings;
  // Most of a publish's time is PostgreSQL turning the snapshot's JSON into the row's jsonb: the audit's change
  // count is made meanwhile, and the audit chain's head is locked right behind the insert (the same round trip).
  const stored = Promise.all([
    insertVersion(sql, {
      document,
      status: requiresApproval ? 'candidate' : 'live',
      contentJson: publishable.contentJson,
      contentHash,
      stateVector: publishable.stateVector,
      author: actor,
      message: extra.message,
      releaseId: extra.releaseId ?? null,
    }),
    countChanges(sql, document.kind, latest?.id ?? null, publishable.content),
  ]);
  const audited = recordAudit(
    sql,
    stored.then(([row, changes]) => ({
      actorId: actor.id,
      action: 'document.published',
      targetType: 'document',
      targetId: document.id,
      details: {
        number: row.number,
        status: row.status,
        contentHash: row.contentHash,
        releaseId: extra.releaseId,
        changes,
      },
    })),
  );
  // Awaited below; when the insert fails, that failure is the one thrown.
  audited.catch(() => {});
  const [row] = await stored;
  keepVersionContent(row.id, publishable.content);
  if (requiresApproval) await audited;
  else await announceLive(tx, deps, row, actor.id, audited);
  return { row, created: true };
}

// How much changed since the version before (everything counts as added for the first one).
async function countChanges(
  sql: Sql,
  kind: DocumentKind,
  previousId: string | null,
  content: object,
): Promise<number> {
  const previous = previousId ? await readVersionContent(sql, previousId) : emptyDocument(kind);
  return diffDocuments(kind, previous, content).length;
}

/**
 * The transaction one document's publish stores its version in: on the plain pool (one connection, named
 * statements), or Prisma's for a table, whose migration is written with Prisma.
 */
export function inPublishTransaction<T>(
  deps: AppDeps,
  kinds: readonly DocumentKind[],
  work: (tx: Tx | Sql) => Promise<T>,
): Promise<T> {
  return kinds.includes('table')
    ? deps.prisma.$transaction((tx) => work(tx), publishTransaction)
    : inTransaction(deps.pool, work);
}

/** Makes an approved candidate the live version (the previous live one is superseded), in `tx`. */
export async function approveCandidate(
  tx: Tx,
  deps: AppDeps,
  version: VersionSummaryRow,
  approverId: string,
): Promise<VersionSummaryRow> {
  await tx.documentVersion.updateMany({
    where: { documentId: version.documentId, status: 'live' },
    data: { status: 'superseded' },
  });
  const row = await tx.documentVersion.update({
    where: { id: version.id },
    data: { status: 'live', approvedById: approverId, approvedAt: new Date() },
    select: versionSummarySelect,
  });
  await announceLive(tx, deps, row, approverId);
  return row;
}

// The engine learns of a live version from a job written in the same transaction as the version; a table's
// PostgreSQL table is migrated to it in that transaction too (a refused migration stores nothing), last: the
// migration holds its table's lock until the commit. `alongside` (the publish's audit entry) is issued with the
// job, sharing its round trip.
async function announceLive(
  tx: Tx | Sql,
  deps: AppDeps,
  row: VersionSummaryRow,
  actorId: string,
  alongside?: Promise<void>,
): Promise<void> {
  const job = deps.jobs.send(tx, 'document.published', {
    documentId: row.documentId,
    kind: row.document.kind,
    versionId: row.id,
    number: row.number,
  });
  await Promise.all([job, alongside]);
  if (row.document.kind === 'table') {
    if (!('$queryRawUnsafe' in tx)) throw new Error('a table goes live only in a Prisma transaction');
    const { content } = await tx.documentVersion.findUniqueOrThrow({
      where: { id: row.id },
      select: { content: true },
    });
    const table = upgradeDocument('table', content) as Table;
    await applyTableMigration(tx, { documentId: row.documentId, version: row.number, table, actorId });
  }
}
