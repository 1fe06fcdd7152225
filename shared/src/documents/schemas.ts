import type { z } from 'zod';
import { type DocumentKind, documentKindNames, documentKinds } from '../ids';
import { type Dataset, datasetSchema, emptyDataset, upgradeDataset } from './dataset/dataset.schema';
import { emptyFlow, type Flow, flowSchema, upgradeFlow } from './flow/flow.schema';
import { type ValidationResult, validateSnapshot } from './issues';
import { emptyTable, type Table, tableSchema, upgradeTable } from './table/table.schema';
import { emptyTaskForm, type TaskForm, taskFormSchema, upgradeTaskForm } from './task-form/task-form.schema';
import { emptyTrigger, type Trigger, triggerSchema, upgradeTrigger } from './trigger/trigger.schema';

// The published contract of every kind, free of Yjs: the api and the engine import this half only.

export interface DocumentContents {
  taskForm: TaskForm;
  flow: Flow;
  trigger: Trigger;
  table: Table;
  dataset: Dataset;
}
/** A published snapshot of one kind. */
export type DocumentContent<Kind extends DocumentKind> = DocumentContents[Kind];

/**
 * A draft as its binding reads it from Yjs: the published shape, whose values are those the binding's edit
 * helpers write, but not validated (texts may be blank or too long, keys may clash, a condition may name a
 * missing field) — and a document not laid out yet has no kind or version. Validate it before trusting it.
 */
export type Draft<Content extends { kind: string; schemaVersion: number }> = Omit<
  Content,
  'kind' | 'schemaVersion'
> &
  Partial<Pick<Content, 'kind' | 'schemaVersion'>>;
export type DocumentDraft<Kind extends DocumentKind> = Draft<DocumentContent<Kind>>;

export const documentSchemas = {
  taskForm: taskFormSchema,
  flow: flowSchema,
  trigger: triggerSchema,
  table: tableSchema,
  dataset: datasetSchema,
} satisfies SchemaRegistry;

// Registries seen through these mapped types let `registry[kind]` keep the link between a kind and its content.
type SchemaRegistry = { [Kind in DocumentKind]: z.ZodType<DocumentContent<Kind>> };
type EmptyRegistry = { [Kind in DocumentKind]: () => DocumentContent<Kind> };

const documentUpgrades = {
  taskForm: upgradeTaskForm,
  flow: upgradeFlow,
  trigger: upgradeTrigger,
  table: upgradeTable,
  dataset: upgradeDataset,
} satisfies Record<DocumentKind, (raw: unknown) => unknown>;

const emptyDocuments = {
  taskForm: emptyTaskForm,
  flow: emptyFlow,
  trigger: emptyTrigger,
  table: emptyTable,
  dataset: emptyDataset,
} satisfies EmptyRegistry;

/** A snapshot of an older schema version brought up to the current one (unchanged when it cannot be). */
export function upgradeDocument(kind: DocumentKind, json: unknown): unknown {
  return documentUpgrades[kind](json);
}

/**
 * Upgrades and validates a snapshot (an import, an export, a draft read from Yjs) with every cross-check of
 * its kind; issues carry paths through entity ids, such as ['nodes', '<id>', 'join', 'n'].
 */
export function validateDocument<Kind extends DocumentKind>(
  kind: Kind,
  json: unknown,
): ValidationResult<DocumentContent<Kind>> {
  const otherKind = kindOf(json);
  if (otherKind !== undefined && otherKind !== kind) {
    const message =
      otherKind === null
        ? `This is not a ${documentKindNames[kind]}.`
        : `This is a ${documentKindNames[otherKind]}, not a ${documentKindNames[kind]}.`;
    return { ok: false, issues: [{ path: ['kind'], message, where: '' }] };
  }
  const schemas: SchemaRegistry = documentSchemas;
  return validateSnapshot(schemas[kind], upgradeDocument(kind, json));
}

/** The kind a snapshot says it is: undefined when it does not say, null when it names no kind. */
function kindOf(json: unknown): DocumentKind | null | undefined {
  if (json === null || typeof json !== 'object' || !('kind' in json)) return undefined;
  return documentKinds.find((kind) => kind === json.kind) ?? null;
}

/** The valid snapshot a new document of the kind starts from. */
export function emptyDocument<Kind extends DocumentKind>(kind: Kind): DocumentContent<Kind> {
  const registry: EmptyRegistry = emptyDocuments;
  return registry[kind]();
}
