import { z } from 'zod';
import { listConditionPaths } from '../../conditions/paths';
import { upgradeSnapshotFields, upgradeTaskFormSettings } from '../../fields/field-upgrades';
import { addIssue, checkUnique, checkUniqueIds } from '../checks';
import { labelSchema, snapshotHeader } from '../common.schema';
import { emptyRichText, richTextFromPlain, richTextSchema } from '../rich-text';
import { upgradeSnapshot } from '../versions';
import { type TaskFormField, taskFormFieldSchema, valueFieldKeys } from './task-form-fields.schema';

// 2: the shared field vocabulary (select, boolean, decimal with a scale).
// 3: the description is rich text (Tiptap JSON), edited together in the builder.
export const taskFormSchemaVersion = 3;

export const taskFormSchema = z
  .object({
    ...snapshotHeader('taskForm', taskFormSchemaVersion),
    title: labelSchema,
    description: richTextSchema,
    fields: z.array(taskFormFieldSchema).max(500),
  })
  .superRefine((form, ctx) => {
    checkUniqueIds(ctx, 'fields', form.fields);
    checkUnique(
      ctx,
      form.fields,
      (field) => (field.type === 'section' ? undefined : field.key),
      (index) => ['fields', index, 'key'],
      'Another field has this key.',
    );
    checkVisibility(form.fields, ctx);
  });
export type TaskForm = z.infer<typeof taskFormSchema>;

// Conditions read form values by field key; the first segment of each path must name another value field.
function checkVisibility(fields: TaskFormField[], ctx: z.RefinementCtx): void {
  const valueKeys = new Set(valueFieldKeys(fields));
  fields.forEach((field, index) => {
    if (!field.visibleWhen) return;
    const at = ['fields', index, 'visibleWhen'];
    for (const path of listConditionPaths(field.visibleWhen)) {
      const key = path.split('.')[0] ?? '';
      if (field.type !== 'section' && key === field.key)
        addIssue(ctx, at, 'A field cannot be shown depending on itself.');
      else if (!valueKeys.has(key)) addIssue(ctx, at, `No field has the key ${key}.`);
    }
  });
}

export function emptyTaskForm(): TaskForm {
  return {
    kind: 'taskForm',
    schemaVersion: taskFormSchemaVersion,
    title: '',
    description: emptyRichText(),
    fields: [],
  };
}

/** Brings an older task form snapshot to the current version. */
export const upgradeTaskForm = (raw: unknown): unknown =>
  upgradeSnapshot(raw, taskFormSchemaVersion, {
    1: (snapshot) => upgradeSnapshotFields(snapshot, upgradeTaskFormSettings),
    2: (snapshot) => ({
      ...snapshot,
      schemaVersion: 3,
      ...(typeof snapshot.description === 'string'
        ? { description: richTextFromPlain(snapshot.description) }
        : {}),
    }),
  });
