import type * as Y from 'yjs';
import type { Condition } from '../../conditions/condition.schema';
import { renameConditionRoot } from '../../conditions/paths';
import { upgradeFieldType, upgradeTaskFormSettings } from '../../fields/field-upgrades';
import { defineCollection, defineRoot } from '../collection.yjs';
import type { NewEntity, Origin } from '../entities.yjs';
import { defineFieldTypes, fillField, type NewOption, readField, upgradeFieldVariants } from '../fields.yjs';
import { runMigrations, seedDocument, toDraft } from '../meta.yjs';
import { richTextFromPlain } from '../rich-text';
import { readRichText, writeRichText } from '../rich-text.yjs';
import type { Draft } from '../schemas';
import { emptyTaskForm, type TaskForm, taskFormSchemaVersion } from './task-form.schema';
import {
  type TaskFormFieldSettings,
  type TaskFormFieldType,
  taskFormChoiceTypes,
} from './task-form-fields.schema';

// Layout: meta; root text `title`; root XML fragment `instructions` (the description as rich text, edited by
// Tiptap; until version 3 a plain root text `description`); root map `fields` (see fields.yjs.ts) with texts
// `label` and `helpText`, plain `key`, `type`, `required`, `placeholder`, `visibleWhen` (a condition, replaced
// whole) and `order`, and each type's settings under its type (fields.yjs.ts: a link's `link:targetTableId` and
// `link:cardinality`).

export interface TaskFormFieldPatch {
  key?: string;
  label?: string;
  helpText?: string;
  placeholder?: string | undefined;
  required?: boolean;
  visibleWhen?: Condition | undefined;
}

export type NewTaskFormField = {
  [Type in TaskFormFieldType]: NewEntity &
    TaskFormFieldPatch & { type: Type; key: string; options?: NewOption[] } & Partial<
      TaskFormFieldSettings<Type>
    >;
}[TaskFormFieldType];

const fieldTexts = ['label', 'helpText'] as const;
const fieldLayout = { keys: ['key', 'type', 'required', 'placeholder', 'visibleWhen'], texts: fieldTexts };

const root = defineRoot<{ title?: string }>({ texts: ['title'] });
/** The rich-text description, as Tiptap's Collaboration extension edits it (`field: 'instructions'`). */
export const taskFormInstructions = (doc: Y.Doc) => doc.getXmlFragment('instructions');
const fields = defineCollection<NewTaskFormField, TaskFormFieldPatch>({
  name: 'fields',
  texts: fieldTexts,
  ordered: true,
  fill: (entity, input) => fillField(entity, { required: false, ...input }, fieldLayout),
});

type SettingsByType = { [Type in TaskFormFieldType]: TaskFormFieldSettings<Type> };

export const updateTaskForm = root.update;
export const getTaskFormText = root.getText;

/** Updates a field; a new key is also written into the other fields' conditions that read the old one. */
function updateField(doc: Y.Doc, id: string, patch: TaskFormFieldPatch, origin?: Origin): void {
  doc.transact(() => {
    const previousKey = fields.collectionOf(doc).get(id)?.get('key');
    fields.update(doc, id, patch);
    if (patch.key === undefined || typeof previousKey !== 'string' || patch.key === previousKey) return;
    for (const { id: otherId, entity } of fields.list(doc)) {
      const condition = entity.get('visibleWhen') as Condition | undefined;
      if (otherId === id || !condition) continue;
      const renamed = renameConditionRoot(condition, previousKey, patch.key);
      if (JSON.stringify(renamed) !== JSON.stringify(condition))
        fields.update(doc, otherId, { visibleWhen: renamed });
    }
  }, origin);
}

/** Edits of a task form's fields; each is one transaction with the given origin. */
export const taskFormFields = { ...fields, ...defineFieldTypes<SettingsByType>(), update: updateField };

/**
 * Stamps a new document and seeds it from a snapshot (an import); a document that has content is left alone.
 * A section gets a key all the same (never read while it is a section), so a switch to a value type has one.
 */
export function initTaskForm(doc: Y.Doc, initial: TaskForm = emptyTaskForm(), origin?: Origin): void {
  seedDocument(doc, 'taskForm', taskFormSchemaVersion, origin, () => {
    root.update(doc, { title: initial.title });
    writeRichText(taskFormInstructions(doc), initial.description);
    initial.fields.forEach((field, index) => {
      fields.add(doc, field.type === 'section' ? { ...field, key: `section_${index + 1}` } : field);
    });
  });
}

/** The draft as plain JSON in the published shape, not validated. */
export function readTaskForm(doc: Y.Doc): Draft<TaskForm> {
  const fieldList = fields.list(doc).map(({ id, entity }) => {
    const field = readField(id, entity, taskFormChoiceTypes);
    if (field.type === 'section') {
      delete field.required;
      delete field.key;
    }
    return field;
  });
  return toDraft(doc, {
    ...root.read(doc),
    description: readRichText(taskFormInstructions(doc)),
    fields: fieldList,
  });
}

export function migrateTaskForm(doc: Y.Doc): void {
  runMigrations(doc, 'taskForm', taskFormSchemaVersion, {
    1: (migrated) => upgradeFieldVariants(migrated, upgradeFieldType, upgradeTaskFormSettings),
    // The plain description becomes rich text, a paragraph per line; the old text is emptied.
    2: (migrated) => {
      const plain = migrated.getText('description');
      if (plain.length === 0) return;
      writeRichText(taskFormInstructions(migrated), richTextFromPlain(plain.toString()));
      plain.delete(0, plain.length);
    },
  });
}
