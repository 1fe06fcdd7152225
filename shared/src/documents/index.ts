import type * as Y from 'yjs';
import { AppError } from '../errors';
import type { DocumentKind } from '../ids';
import { initDataset, migrateDataset, readDataset } from './dataset/dataset.yjs';
import type { Origin } from './entities.yjs';
import { initFlow, migrateFlow, readFlow } from './flow/flow.yjs';
import { type DocumentContent, type DocumentDraft, type Draft, validateDocument } from './schemas';
import { initTable, migrateTable, readTable } from './table/table.yjs';
import { initTaskForm, migrateTaskForm, readTaskForm } from './task-form/task-form.yjs';
import { initTrigger, migrateTrigger, readTrigger } from './trigger/trigger.yjs';

// The whole document model: the published contract (also exported, Yjs-free, from @erp/shared) and the Yjs
// bindings with their edit helpers, for the client and the collab server (import `@erp/shared/documents`).

export interface DocumentBinding<Content extends DocumentContent<DocumentKind>> {
  // Stamps a fresh Y.Doc and seeds it (from the empty document when no content is given); no-op once seeded.
  init: (doc: Y.Doc, initial?: Content, origin?: Origin) => void;
  // The draft as plain JSON in the published shape; validate it before trusting it.
  read: (doc: Y.Doc) => Draft<Content>;
  // Brings the Y.Doc's layout to the current schema version, in place.
  migrate: (doc: Y.Doc) => void;
}

export const documentBindings = {
  taskForm: { init: initTaskForm, read: readTaskForm, migrate: migrateTaskForm },
  flow: { init: initFlow, read: readFlow, migrate: migrateFlow },
  trigger: { init: initTrigger, read: readTrigger, migrate: migrateTrigger },
  table: { init: initTable, read: readTable, migrate: migrateTable },
  dataset: { init: initDataset, read: readDataset, migrate: migrateDataset },
} satisfies BindingRegistry;

// Seen through this mapped type, `registry[kind]` keeps the link between a kind and its content.
type BindingRegistry = { [Kind in DocumentKind]: DocumentBinding<DocumentContent<Kind>> };

function bindingOf<Kind extends DocumentKind>(kind: Kind): DocumentBinding<DocumentContent<Kind>> {
  const registry: BindingRegistry = documentBindings;
  return registry[kind];
}

export function readDocument<Kind extends DocumentKind>(kind: Kind, doc: Y.Doc): DocumentDraft<Kind> {
  return bindingOf(kind).read(doc);
}

export function migrateDocument(kind: DocumentKind, doc: Y.Doc): void {
  bindingOf(kind).migrate(doc);
}

/**
 * Lays out a new document and imports `content` (a snapshot in the kind's published schema, of any older
 * version) when given. Content that does not validate is refused whole, with the issues.
 */
export function initDocument(kind: DocumentKind, doc: Y.Doc, content?: unknown, origin?: Origin): void {
  if (content === undefined) {
    bindingOf(kind).init(doc, undefined, origin);
    return;
  }
  const result = validateDocument(kind, content);
  if (!result.ok) {
    throw new AppError('validation_failed', `The content is not a valid ${kind}.`, { issues: result.issues });
  }
  bindingOf(kind).init(doc, result.value, origin);
}

export * from './common.schema';
export * from './dataset/dataset.schema';
export * from './dataset/dataset.yjs';
export * from './dataset/dataset-parts.schema';
export * from './dataset/system-sources';
export { type DraftOf, type NewEntity, newEntityId, type Origin, type PatchOf } from './entities.yjs';
export * from './fields.yjs';
export * from './flow/flow.schema';
export * from './flow/flow.yjs';
export * from './flow/flow-nodes.schema';
export * from './issues';
export { isLaidOut } from './meta.yjs';
export { replaceDocumentContent } from './replace.yjs';
export * from './rich-text';
export * from './rich-text.yjs';
export * from './schemas';
export * from './table/table.schema';
export * from './table/table.yjs';
export * from './task-form/task-form.schema';
export * from './task-form/task-form.yjs';
export * from './task-form/task-form-fields.schema';
export * from './text.yjs';
export * from './trigger/trigger.schema';
export * from './trigger/trigger.yjs';
export * from './trigger/trigger-actions.schema';
export * from './trigger/trigger-event.schema';
