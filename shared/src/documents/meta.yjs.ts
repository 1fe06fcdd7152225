import type * as Y from 'yjs';
import { AppError } from '../errors';
import type { DocumentKind } from '../ids';
import type { DocumentContent, Draft } from './schemas';

export function getMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('meta');
}

/**
 * Stamps a fresh document with its kind and version and returns true; returns false for a document that
 * already has them (so seeding runs once), and refuses a document of another kind.
 */
/** Whether the document holds its layout as a `kind` yet (the server's seed, synced now or kept in a local copy). */
export function isLaidOut(doc: Y.Doc, kind: DocumentKind): boolean {
  return getMeta(doc).get('kind') === kind;
}

export function claimDocument(doc: Y.Doc, kind: DocumentKind, schemaVersion: number): boolean {
  const meta = getMeta(doc);
  const existing = meta.get('kind');
  if (existing === undefined) {
    meta.set('kind', kind);
    meta.set('schemaVersion', schemaVersion);
    return true;
  }
  if (existing !== kind)
    throw new AppError('conflict', `This document is a ${String(existing)}, not a ${kind}.`);
  return false;
}

/** Seeds a fresh document of `kind` in one transaction; a document that already has content is left alone. */
export function seedDocument(
  doc: Y.Doc,
  kind: DocumentKind,
  schemaVersion: number,
  origin: unknown,
  seed: () => void,
): void {
  doc.transact(() => {
    if (claimDocument(doc, kind, schemaVersion)) seed();
  }, origin);
}

/**
 * A draft: the document's kind and version with the body its binding read. The one place a draft gets its type,
 * which holds because only the binding's typed edit helpers (and the server's layout) write the document.
 */
export function toDraft<Content extends DocumentContent<DocumentKind>>(
  doc: Y.Doc,
  body: Record<string, unknown>,
): Draft<Content> {
  const meta = getMeta(doc);
  return { kind: meta.get('kind'), schemaVersion: meta.get('schemaVersion'), ...body } as Draft<Content>;
}

// steps[n] rewrites a version-n document into version n + 1, in place.
export type DocumentMigrations = Partial<Record<number, (doc: Y.Doc) => void>>;

// Migrations are not idempotent; the collab server runs them once, as the only writer, when it loads a document.
export const migrationOrigin = 'migration';

/** Brings a document to `targetVersion` in one transaction; a document not yet initialised is left alone. */
export function runMigrations(
  doc: Y.Doc,
  kind: DocumentKind,
  targetVersion: number,
  steps: DocumentMigrations,
): void {
  const meta = getMeta(doc);
  if (meta.get('kind') === undefined) return;
  if (meta.get('kind') !== kind) throw new AppError('conflict', `This document is not a ${kind}.`);
  const version = meta.get('schemaVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version > targetVersion) {
    throw new AppError(
      'conflict',
      `This ${kind} has schema version ${String(version)}, newer than this app knows.`,
    );
  }
  if (version === targetVersion) return;
  doc.transact(() => {
    for (let from = version; from < targetVersion; from += 1) {
      const step = steps[from];
      if (!step) throw new AppError('internal', `No migration of ${kind} documents from version ${from}.`);
      step(doc);
    }
    meta.set('schemaVersion', targetVersion);
  }, migrationOrigin);
}
