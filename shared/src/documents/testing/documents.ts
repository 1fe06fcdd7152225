import { expect } from 'vitest';
import * as Y from 'yjs';
import type { DocumentKind } from '../../ids';
import { type DocumentContent, initDocument, readDocument, validateDocument } from '../index';
import { type ConvergenceRun, runConvergence } from './replicas';

/** A document of `kind` seeded with `snapshot`, or with the empty document. */
export function seedDoc<Kind extends DocumentKind>(kind: Kind, snapshot?: DocumentContent<Kind>): Y.Doc {
  const doc = new Y.Doc();
  initDocument(kind, doc, snapshot);
  return doc;
}

/** Validation issues as `path: message` lines; none when the snapshot is valid. */
export function listIssues(kind: DocumentKind, json: unknown): string[] {
  const result = validateDocument(kind, json);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/**
 * Runs seeded concurrent random edits on four replicas (see runConvergence); all of them must then read the
 * same JSON, and it must be a valid document, but for `draftGaps`: messages of things a person leaves to fill
 * in later (a blank label), which random edits make as people do. Returns the JSON.
 */
export function expectConvergence<Kind extends DocumentKind>(
  kind: Kind,
  run: Pick<ConvergenceRun, 'seed' | 'setup' | 'edit'>,
  draftGaps: readonly string[] = [],
): DocumentContent<Kind> {
  const docs = runConvergence({ replicas: 4, edits: 800, ...run });
  const [first, ...others] = docs.map((doc) => readDocument(kind, doc));
  for (const other of others) expect(other).toEqual(first);
  const result = validateDocument(kind, first);
  const problems = result.ok ? [] : result.issues.filter((issue) => !draftGaps.includes(issue.message));
  expect(problems.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
  return first as DocumentContent<Kind>;
}

/** Two replicas of one document of `kind`, in sync. */
export function syncedPair<Kind extends DocumentKind>(
  kind: Kind,
  snapshot?: DocumentContent<Kind>,
): [Y.Doc, Y.Doc] {
  const [left, right] = [seedDoc(kind, snapshot), new Y.Doc()];
  Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
  return [left, right];
}

/** Brings two replicas in sync after they were edited apart. */
export function exchange(left: Y.Doc, right: Y.Doc): void {
  Y.applyUpdate(left, Y.encodeStateAsUpdate(right, Y.encodeStateVector(left)));
  Y.applyUpdate(right, Y.encodeStateAsUpdate(left, Y.encodeStateVector(right)));
}
