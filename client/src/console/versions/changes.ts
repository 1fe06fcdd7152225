import type { ChangeEntityType, ChangeOp, DocumentChange } from '@erp/shared/documents/diff/changes';
import { documentDiffSpecs } from '@erp/shared/documents/diff/diff';
import type { BadgeTone } from '../../ui/badge';

// The semantic diff as people read it: what happened to which element, and how each element is marked.

export const changeOpInfo = {
  added: { label: 'Added', tone: 'green' },
  removed: { label: 'Removed', tone: 'red' },
  changed: { label: 'Changed', tone: 'amber' },
  moved: { label: 'Moved', tone: 'indigo' },
} satisfies Record<ChangeOp, { label: string; tone: BadgeTone }>;

const entityNouns = {
  document: 'document',
  field: 'field',
  option: 'option',
  node: 'step',
  edge: 'connection',
  flowTrigger: 'start',
  action: 'action',
  join: 'join',
  grouping: 'grouping',
  aggregate: 'total',
  sort: 'sort',
  section: 'section',
} satisfies Record<ChangeEntityType, string>;

// Props whose camelCase name reads badly once split into words.
const propertyNames: Record<string, string> = {
  helpText: 'help text',
  isDefault: 'default connection',
  visibleWhen: 'shown when',
  taskFormId: 'task form',
  tableId: 'table',
  hookId: 'webhook',
  currencyCode: 'currency',
  schemaVersion: 'schema version',
};

// Collection keys of every kind (`fields`, `nodes`, a field's `options`…) → the entity type they hold.
const collectionTypes = new Map<string, ChangeEntityType>(
  Object.values(documentDiffSpecs).flatMap((spec) =>
    spec.collections.flatMap((collection) => [
      [collection.key, collection.entityType] as const,
      ...('nested' in collection ? collection.nested : []).map(
        (nested) => [nested.key, nested.entityType] as const,
      ),
    ]),
  ),
);

/** "field" for `fields`: one element of a collection, as people call it; other keys as words. */
export function describeCollectionItem(key: string): string {
  const type = collectionTypes.get(key);
  return type ? entityNouns[type] : describeProperty(key);
}

export function describeProperty(property: string): string {
  return propertyNames[property] ?? property.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The element a change is shown on: an option's change marks its field. */
export function changeTarget(change: DocumentChange): string {
  return change.parentId ?? change.entityId;
}

/** "field “Amount”", or "the document" itself, to use inside a sentence. */
export function describeEntity(change: Pick<DocumentChange, 'entityType' | 'label'>): string {
  const noun = entityNouns[change.entityType];
  if (change.entityType === 'document') return 'the document';
  return change.label ? `${noun} “${change.label}”` : `an unnamed ${noun}`;
}

/** One line saying what happened, and the before → after values where there are some. */
export function describeChange(change: DocumentChange): { title: string; detail?: string } {
  const entity = capitalize(describeEntity(change));
  switch (change.op) {
    case 'added':
      return { title: `${entity} was added` };
    case 'removed':
      return { title: `${entity} was removed` };
    case 'moved':
      return {
        title:
          change.property === 'position' ? `${entity} moved on the canvas` : `${entity} moved in the order`,
      };
    case 'changed': {
      const what =
        change.entityType === 'document'
          ? capitalize(describeProperty(change.property ?? 'content'))
          : `${entity}: ${describeProperty(change.property ?? 'content')}`;
      const before = change.beforeText ?? formatValue(change.before);
      const after = change.afterText ?? formatValue(change.after);
      return {
        title: `${what} changed`,
        detail: `${before} → ${after}`,
      };
    }
  }
}

/** A prop's value in a sentence: text in quotes, yes/no, "none" when unset; long values are cut. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'string') return `“${truncate(value, 80)}”`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  return truncate(JSON.stringify(value), 80);
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// When one element has several changes, the strongest one marks it.
const markStrength = { moved: 0, changed: 1, added: 2, removed: 2 } satisfies Record<ChangeOp, number>;

/** How each element is marked in a side-by-side view: its own change, or `changed` for a changed option. */
export function changeMarks(changes: readonly DocumentChange[]): ReadonlyMap<string, ChangeOp> {
  const marks = new Map<string, ChangeOp>();
  for (const change of changes) {
    const target = changeTarget(change);
    const op: ChangeOp = change.parentId ? 'changed' : change.op;
    const current = marks.get(target);
    if (!current || markStrength[op] > markStrength[current]) marks.set(target, op);
  }
  return marks;
}
