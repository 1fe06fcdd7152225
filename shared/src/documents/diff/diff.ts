import type { DocumentKind } from '../../ids';
import type { DocumentChange } from './changes';
import { applyBySpec, type DiffSpec, diffBySpec } from './entity-diff';

// Where each kind keeps its entities; the one diff engine (entity-diff.ts) does the rest.
const fieldsWithOptions = {
  key: 'fields',
  entityType: 'field',
  nested: [{ key: 'options', entityType: 'option' }],
} as const;

export const documentDiffSpecs = {
  taskForm: { collections: [fieldsWithOptions] },
  flow: {
    collections: [
      { key: 'nodes', entityType: 'node' },
      { key: 'edges', entityType: 'edge' },
      { key: 'triggers', entityType: 'flowTrigger' },
    ],
  },
  trigger: { collections: [{ key: 'actions', entityType: 'action' }] },
  table: { collections: [fieldsWithOptions] },
  dataset: {
    collections: [
      { key: 'joins', entityType: 'join' },
      { key: 'groupings', entityType: 'grouping' },
      { key: 'aggregates', entityType: 'aggregate' },
      { key: 'sorts', entityType: 'sort' },
      { key: 'sections', entityType: 'section' },
    ],
  },
} satisfies Record<DocumentKind, DiffSpec>;

/** What changed from `before` to `after` (two snapshots of one kind), by stable ids; empty when equal. */
export function diffDocuments(kind: DocumentKind, before: object, after: object): DocumentChange[] {
  return diffBySpec(
    documentDiffSpecs[kind],
    before as Record<string, unknown>,
    after as Record<string, unknown>,
  );
}

/** `base` with the changes of a diff applied: applyChanges(k, a, diffDocuments(k, a, b)) equals b. */
export function applyChanges(
  kind: DocumentKind,
  base: object,
  changes: readonly DocumentChange[],
): Record<string, unknown> {
  return applyBySpec(documentDiffSpecs[kind], base as Record<string, unknown>, changes);
}

export { isSameJson } from './entity-diff';
