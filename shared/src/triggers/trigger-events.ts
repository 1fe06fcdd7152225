import type { TriggerEvent, TriggerEventType } from '../documents/trigger/trigger-event.schema';

// What a trigger sees of each event type: the fields of its context (the event's payload, with the flow and
// form it concerns filled in by the engine), for the condition editor, the placeholders and sample events.

export type EventFieldType = 'text' | 'number' | 'boolean' | 'date' | 'user' | 'id' | 'object' | 'list';
export interface EventField {
  path: string;
  label: string;
  type: EventFieldType;
}

const flowFields: EventField[] = [
  { path: 'instanceId', label: 'Flow instance', type: 'id' },
  { path: 'flowId', label: 'Flow', type: 'id' },
];
const taskFields: EventField[] = [
  ...flowFields,
  { path: 'taskId', label: 'Task', type: 'id' },
  { path: 'nodeId', label: 'Level', type: 'text' },
  { path: 'taskFormId', label: 'Task form', type: 'id' },
];
const recordFields: EventField[] = [
  { path: 'tableId', label: 'Table', type: 'id' },
  { path: 'recordId', label: 'Record', type: 'id' },
];

export const triggerEventFields = {
  'task.completed': [
    ...taskFields,
    { path: 'completedBy', label: 'Completed by', type: 'user' },
    { path: 'data', label: 'Answers', type: 'object' },
  ],
  'task.assigned': [...taskFields, { path: 'assigneeIds', label: 'Assignees', type: 'list' }],
  'task.overdue': [
    ...taskFields,
    { path: 'taskName', label: 'Task name', type: 'text' },
    { path: 'assigneeId', label: 'Assignee', type: 'user' },
    { path: 'dueAt', label: 'Due', type: 'date' },
  ],
  'flow.started': [
    ...flowFields,
    { path: 'version', label: 'Version', type: 'number' },
    { path: 'requesterId', label: 'Requester', type: 'user' },
    { path: 'data', label: 'Start data', type: 'object' },
  ],
  'flow.level_entered': [...flowFields, { path: 'nodeId', label: 'Level', type: 'text' }],
  'flow.completed': [
    ...flowFields,
    { path: 'version', label: 'Version', type: 'number' },
    { path: 'data', label: 'Flow data', type: 'object' },
  ],
  'record.created': [...recordFields, { path: 'new', label: 'Values', type: 'object' }],
  'record.updated': [
    ...recordFields,
    { path: 'old', label: 'Values before', type: 'object' },
    { path: 'new', label: 'Values after', type: 'object' },
    { path: 'changedFieldIds', label: 'Changed fields', type: 'list' },
  ],
  'record.deleted': [...recordFields, { path: 'old', label: 'Values', type: 'object' }],
  'webhook.received': [
    { path: 'hookId', label: 'Hook', type: 'id' },
    { path: 'messageId', label: 'Message id', type: 'text' },
    { path: 'body', label: 'Body', type: 'object' },
  ],
  'gmail.message_received': [
    { path: 'messageId', label: 'Message-ID', type: 'text' },
    { path: 'from', label: 'From', type: 'text' },
    { path: 'to', label: 'To', type: 'text' },
    { path: 'subject', label: 'Subject', type: 'text' },
    { path: 'snippet', label: 'Snippet', type: 'text' },
    { path: 'gmailId', label: 'Gmail message id', type: 'id' },
    { path: 'threadId', label: 'Gmail thread id', type: 'id' },
  ],
  'sheets.row_added': [
    { path: 'rowNumber', label: 'Row number', type: 'number' },
    { path: 'row', label: 'Row (by column header)', type: 'object' },
  ],
  'outlook.message_received': [
    { path: 'messageId', label: 'Message id', type: 'id' },
    { path: 'from', label: 'From', type: 'text' },
    { path: 'subject', label: 'Subject', type: 'text' },
    { path: 'preview', label: 'Preview', type: 'text' },
    { path: 'receivedAt', label: 'Received', type: 'date' },
  ],
  schedule: [
    { path: 'slot', label: 'Scheduled time', type: 'date' },
    { path: 'timezone', label: 'Time zone', type: 'text' },
  ],
} as const satisfies Record<TriggerEventType, EventField[]>;

// The trigger's filters, each compared with the context's field of the same name.
const filterKeys = ['flowId', 'nodeId', 'taskFormId', 'tableId', 'hookId'] as const;

const sampleId = '00000000-0000-4000-8000-000000000000';
const sampleValues: Record<EventFieldType, unknown> = {
  text: 'sample',
  number: 1,
  boolean: true,
  date: '2026-01-01T09:00:00.000Z',
  user: sampleId,
  id: sampleId,
  object: {},
  list: [],
};

/**
 * A sample context for a trigger's event: every field with a value of its type, the trigger's own filters
 * (flow, level, form, table, hook) filled in so it matches, and `data` holding the paths the condition and
 * templates read (set to `1`, to be edited in the tester). Scheduled and polled events carry the id of the
 * trigger they were made for: `triggerId`, so a schedule's sample is that trigger's firing.
 */
export function sampleEventContext(
  event: TriggerEvent,
  dataPaths: string[] = [],
  triggerId?: string,
): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const field of triggerEventFields[event.type]) {
    context[field.path] = structuredClone(sampleValues[field.type]);
  }
  const filters = event as Partial<Record<(typeof filterKeys)[number], unknown>>;
  for (const key of filterKeys) {
    if (typeof filters[key] === 'string') context[key] = filters[key];
  }
  if (event.type === 'schedule') context.timezone = event.timezone;
  if (triggerId !== undefined && perTriggerEvents.has(event.type)) context.triggerId = triggerId;
  for (const path of dataPaths) setPath(context, path, 1);
  return context;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  const last = segments.at(-1) ?? '';
  if (!(last in node) || typeof node[last] === 'object') node[last] = value;
}

const perTriggerEvents = new Set<string>([
  'schedule',
  'gmail.message_received',
  'sheets.row_added',
  'outlook.message_received',
]);

/**
 * Whether an event (its type and context) is one the trigger listens to: the type and every filter the
 * trigger sets. A schedule event belongs to the trigger that scheduled it only.
 */
export function matchesTriggerEvent(
  event: TriggerEvent,
  eventType: string,
  context: Record<string, unknown>,
  triggerId: string,
): boolean {
  if (event.type !== eventType) return false;
  // Scheduled and polled events are made for one trigger.
  if (perTriggerEvents.has(event.type)) return context.triggerId === triggerId;
  const filters = event as Partial<Record<(typeof filterKeys)[number], unknown>>;
  for (const key of filterKeys) {
    if (typeof filters[key] === 'string' && context[key] !== filters[key]) return false;
  }
  if (event.type === 'record.updated' && event.fieldIds && event.fieldIds.length > 0) {
    const changed = Array.isArray(context.changedFieldIds) ? context.changedFieldIds : [];
    if (!event.fieldIds.some((fieldId) => changed.includes(fieldId))) return false;
  }
  return true;
}
