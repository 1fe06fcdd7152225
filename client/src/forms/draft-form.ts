import {
  emptyRichText,
  richTextSchema,
  type TaskForm,
  taskFormFieldSchema,
  taskFormSchemaVersion,
} from '@erp/shared/documents';

/**
 * A task form's draft (or any version's JSON) as the one renderer reads it: the published shape, keeping the
 * fields that are complete enough to show (each valid on its own), in order. A draft may be half-edited; what
 * the simulator shows of it is then exactly what the portal would show once it is finished.
 */
export function readDraftForm(json: unknown): TaskForm {
  const raw = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const fields = (Array.isArray(raw.fields) ? raw.fields : []).flatMap((field) => {
    const parsed = taskFormFieldSchema.safeParse(field);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    kind: 'taskForm',
    schemaVersion: taskFormSchemaVersion,
    title: typeof raw.title === 'string' ? raw.title : '',
    description: richTextSchema.safeParse(raw.description).data ?? emptyRichText(),
    fields,
  };
}
