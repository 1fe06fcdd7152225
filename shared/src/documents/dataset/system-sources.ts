import { z } from 'zod';
import { referenceIdSchema } from '../common.schema';
import { emptyTable, type Table, type TableField } from '../table/table.schema';
import type { TaskForm } from '../task-form/task-form.schema';

// The platform's own work data as read-only sources a dataset can pick like a table: flow instances, tasks, and
// the answers of a published task form by field. Each is described here as a table (fields with stable ids,
// keys, types), so the builder, the reference checks and the api's compiler read columns one way; the api maps
// each field id to its SQL. Rows are those the reader may see (api datasets/dataset-sources.ts).

export const systemSourceIds = {
  flowInstances: 'system.flowInstances',
  tasks: 'system.tasks',
} as const;
type SystemSourceId = (typeof systemSourceIds)[keyof typeof systemSourceIds];

const formDataPrefix = 'form.';
const formDataIdPattern = /^form\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A dataset's main source or a link's target: a table's document id, a system source, or `form.<form id>`. */
export const datasetSourceIdSchema = z.union([
  referenceIdSchema,
  z.enum([systemSourceIds.flowInstances, systemSourceIds.tasks]),
  z.string().regex(formDataIdPattern, 'Use form.<task form id>.'),
]);

export const formDataSourceId = (formId: string) => `${formDataPrefix}${formId}`;

/** The task form whose answers `sourceId` reads, if it is a form-data source. */
export function formIdOfSource(sourceId: string): string | undefined {
  return formDataIdPattern.exec(sourceId)?.[1];
}

export const isSystemSource = (sourceId: string): sourceId is SystemSourceId =>
  sourceId === systemSourceIds.flowInstances || sourceId === systemSourceIds.tasks;

/** Whether `sourceId` is a user table (a document id) rather than work data. */
export const isTableSource = (sourceId: string) =>
  !isSystemSource(sourceId) && formIdOfSource(sourceId) === undefined;

const base = { description: '', required: false, unique: false, order: 'a0' };
const text = (id: string, name: string): TableField => ({ ...base, id, key: id, name, type: 'text' });
const number = (id: string, name: string): TableField => ({ ...base, id, key: id, name, type: 'number' });
const dateTime = (id: string, name: string): TableField => ({ ...base, id, key: id, name, type: 'dateTime' });
const user = (id: string, name: string): TableField => ({ ...base, id, key: id, name, type: 'user' });
const flag = (id: string, name: string): TableField => ({ ...base, id, key: id, name, type: 'boolean' });
const choice = (id: string, name: string, values: string[]): TableField => ({
  ...base,
  id,
  key: id,
  name,
  type: 'select',
  options: values.map((value, index) => ({
    id: value,
    order: `a${index}`,
    value,
    label: value[0]?.toUpperCase() + value.slice(1),
  })),
});
const link = (id: string, name: string, targetTableId: string): TableField => ({
  ...base,
  id,
  key: id,
  name,
  type: 'link',
  targetTableId,
  cardinality: 'one',
});

const instanceFields: TableField[] = [
  text('flow', 'Flow'),
  number('flowVersion', 'Flow version'),
  choice('status', 'Status', ['running', 'completed', 'failed', 'cancelled']),
  user('requester', 'Requester'),
  text('requesterName', 'Requester name'),
  // The requester's department when the instance started (the hierarchy as of that moment).
  text('department', 'Department'),
  dateTime('startedAt', 'Started'),
  dateTime('finishedAt', 'Finished'),
  number('durationHours', 'Duration (hours)'),
];

// Tasks and the answers of a form share these; a form's own field keys win over them.
const taskFields: TableField[] = [
  text('name', 'Task'),
  text('flow', 'Flow'),
  choice('status', 'Status', ['open', 'completed', 'cancelled']),
  user('assignee', 'Assignee'),
  text('assigneeName', 'Assignee name'),
  user('completedBy', 'Completed by'),
  text('completedByName', 'Completed by name'),
  dateTime('createdAt', 'Created'),
  dateTime('dueAt', 'Due'),
  dateTime('completedAt', 'Completed'),
  // From creation to completion.
  number('durationHours', 'Duration (hours)'),
  // Completed after its due time, or still open past it.
  flag('slaBreached', 'SLA breached'),
  link('instance', 'Flow instance', systemSourceIds.flowInstances),
];

const tableOf = (fields: TableField[]): Table => ({
  ...emptyTable(),
  fields: fields.map((field, index) => ({ ...field, order: `a${String(index).padStart(2, '0')}` })),
  // Who sees which rows is decided per row (participation), not by the table's roles.
  access: { read: ['admin', 'developer', 'reviewer', 'employee'], write: [] },
});

export const systemSourceTables = {
  [systemSourceIds.flowInstances]: tableOf(instanceFields),
  [systemSourceIds.tasks]: tableOf(taskFields),
} satisfies Record<SystemSourceId, Table>;

export const systemSourceNames = {
  [systemSourceIds.flowInstances]: 'Flow instances',
  [systemSourceIds.tasks]: 'Tasks',
} satisfies Record<SystemSourceId, string>;

/** The ids of the task fields a form's answers carry beside its own fields. */
export const formDataTaskFieldIds = new Set(taskFields.map((field) => field.id));

/**
 * The answers of completed tasks of `form` (its live version): one row per task, a column per value field
 * (ids prefixed `v_` so they never meet a task field's), plus the task's own fields whose keys the form leaves free.
 */
export function formDataTable(form: Pick<TaskForm, 'fields'>): Table {
  const answers = form.fields.flatMap((field): TableField[] => {
    if (field.type === 'section') return [];
    const { label, helpText, placeholder, visibleWhen, required, ...settings } = field;
    return [
      { ...settings, id: `v_${field.id}`, name: label, description: '', required: false, unique: false },
    ];
  });
  const keys = new Set(answers.map((field) => field.key));
  return tableOf([...answers, ...taskFields.filter((field) => !keys.has(field.key))]);
}

/** The table a source id stands for, given how to find a published table and task form (undefined: none). */
export function sourceTableOf(
  sourceId: string,
  find: { table: (id: string) => Table | undefined; taskForm: (id: string) => TaskForm | undefined },
): Table | undefined {
  if (isSystemSource(sourceId)) return systemSourceTables[sourceId];
  const formId = formIdOfSource(sourceId);
  if (formId === undefined) return find.table(sourceId);
  const form = find.taskForm(formId);
  return form ? formDataTable(form) : undefined;
}
