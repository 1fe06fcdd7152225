import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Condition } from '../../conditions/condition.schema';
import { addFieldOption, removeFieldOption, updateFieldOption } from '../fields.yjs';
import { validateSnapshot } from '../issues';
import { expectConvergedAndValid } from '../testing/expect';
import type { Random } from '../testing/random';
import { runConvergence } from '../testing/replicas';
import { emptyTaskForm, type TaskForm, taskFormSchema } from './task-form.schema';
import {
  addTaskFormField,
  initTaskForm,
  migrateTaskForm,
  moveTaskFormField,
  readTaskForm,
  removeTaskFormField,
  setTaskFormFieldType,
  updateTaskForm,
  updateTaskFormField,
  updateTaskFormFieldSettings,
} from './task-form.yjs';
import { type TaskFormField, taskFormFieldTypes } from './task-form-fields.schema';

const validate = (json: unknown) => validateSnapshot(taskFormSchema, json);
const base = { label: '', helpText: '', required: false };

const sample: TaskForm = {
  kind: 'taskForm',
  schemaVersion: 1,
  title: 'Purchase request',
  description: 'Ask for something to be bought.',
  fields: [
    {
      ...base,
      id: 'f01',
      order: 'a0',
      key: 'item',
      type: 'text',
      label: 'Item',
      validation: { maxLength: 80 },
    },
    { ...base, id: 'f02', order: 'a1', key: 'reason', type: 'longText', default: 'Because' },
    {
      ...base,
      id: 'f03',
      order: 'a2',
      key: 'quantity',
      type: 'number',
      validation: { min: 1, integer: true },
    },
    {
      ...base,
      id: 'f04',
      order: 'a3',
      key: 'price',
      type: 'currency',
      currencyCode: 'EUR',
      required: true,
      validation: { min: 0, max: 100_000 },
    },
    { ...base, id: 'f05', order: 'a4', key: 'needed', type: 'date', default: 'today' },
    {
      ...base,
      id: 'f06',
      order: 'a5',
      key: 'meeting',
      type: 'dateTime',
      default: '2024-05-01T10:00:00+02:00',
    },
    { ...base, id: 'f07', order: 'a6', key: 'urgent', type: 'checkbox', default: false },
    {
      ...base,
      id: 'f08',
      order: 'a7',
      key: 'category',
      type: 'dropdown',
      options: [
        { id: 'o1', label: 'Hardware', value: 'hardware', order: 'a0' },
        { id: 'o2', label: 'Software', value: 'software', order: 'a1' },
      ],
      default: 'o2',
    },
    {
      ...base,
      id: 'f09',
      order: 'a8',
      key: 'tags',
      type: 'multiSelect',
      options: [{ id: 'o3', label: 'Team', value: 'team', order: 'a0' }],
      default: ['o3'],
      validation: { maxSelected: 1 },
    },
    { ...base, id: 'f10', order: 'a9', key: 'contact', type: 'email', default: 'buyer@example.com' },
    { ...base, id: 'f11', order: 'b00', key: 'phone', type: 'phone' },
    {
      ...base,
      id: 'f12',
      order: 'b01',
      key: 'quote',
      type: 'file',
      validation: { allowedTypes: ['application/pdf', '.docx', 'image/*'], maxSizeBytes: 5_000_000 },
    },
    { ...base, id: 'f13', order: 'b02', key: 'approver', type: 'user', default: 'currentUser' },
    {
      id: 'f14',
      order: 'b03',
      key: 'delivery',
      type: 'section',
      label: 'Delivery',
      helpText: '',
      visibleWhen: { type: 'comparison', left: 'category', operator: 'eq', right: 'hardware' },
    },
  ],
};

function seeded(snapshot: TaskForm = sample): Y.Doc {
  const doc = new Y.Doc();
  initTaskForm(doc, snapshot);
  return doc;
}

const fieldsOf = (doc: Y.Doc) => (readTaskForm(doc) as { fields: TaskFormField[] }).fields;

describe('task form schema', () => {
  it('accepts the empty document and a form with every field type', () => {
    expect(validate(emptyTaskForm()).ok).toBe(true);
    expect(validate(sample)).toEqual({ ok: true, value: sample });
    expect(new Set(sample.fields.map((field) => field.type))).toEqual(new Set(taskFormFieldTypes));
  });

  it('reports repeated keys, unknown condition keys and inverted ranges at stable paths', () => {
    const broken = structuredClone(sample) as TaskForm & { fields: Record<string, unknown>[] };
    Object.assign(broken.fields[1] as object, {
      key: 'item',
      visibleWhen: { type: 'comparison', left: 'nothing.here', operator: 'isEmpty' },
    });
    Object.assign(broken.fields[2] as object, { validation: { min: 5, max: 1 } });
    Object.assign(broken.fields[7] as object, { default: 'o9' });
    const result = validate(broken);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ['fields', 'f03', 'validation', 'min'],
        ['fields', 'f08', 'default'],
      ]),
    );
    const refined = validate({ ...broken, fields: broken.fields.slice(0, 2) });
    expect(refined.ok ? [] : refined.issues).toEqual([
      { path: ['fields', 'f02', 'key'], message: 'Another field has this key.' },
      { path: ['fields', 'f02', 'visibleWhen'], message: 'No field has the key nothing.' },
    ]);
  });

  it('refuses a field that depends on itself, a section in a condition and a bad pattern', () => {
    const selfish = { type: 'comparison', left: 'item', operator: 'isEmpty' } as const;
    const onSection = { type: 'comparison', left: 'delivery', operator: 'isEmpty' } as const;
    const form = structuredClone(sample);
    Object.assign(form.fields[0] as object, { visibleWhen: selfish, validation: { pattern: '([a-z' } });
    Object.assign(form.fields[1] as object, { visibleWhen: onSection });
    const result = validate(form);
    expect(result.ok ? [] : result.issues).toEqual([
      { path: ['fields', 'f01', 'validation', 'pattern'], message: 'Use a valid regular expression.' },
      { path: ['fields', 'f01', 'visibleWhen'], message: 'A field cannot be shown depending on itself.' },
      { path: ['fields', 'f02', 'visibleWhen'], message: 'No field has the key delivery.' },
    ]);
  });
});

describe('task form binding', () => {
  it('reads back exactly the snapshot it was seeded with', () => {
    expect(readTaskForm(seeded())).toEqual(sample);
    expect(readTaskForm(seeded(emptyTaskForm()))).toEqual(emptyTaskForm());
  });

  it('seeds once: a second init leaves the content alone, another kind is refused', () => {
    const doc = seeded();
    initTaskForm(doc, emptyTaskForm());
    expect(readTaskForm(doc)).toEqual(sample);
    doc.getMap('meta').set('kind', 'flow');
    expect(() => initTaskForm(doc)).toThrow(/not a taskForm/);
    expect(() => migrateTaskForm(doc)).toThrow(/not a taskForm/);
  });

  it('refuses to migrate a document from a newer version and leaves a current one untouched', () => {
    const doc = seeded();
    const before = Y.encodeStateVector(doc);
    migrateTaskForm(doc);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    doc.getMap('meta').set('schemaVersion', 2);
    expect(() => migrateTaskForm(doc)).toThrow(/newer/);
  });

  it('adds, moves and removes fields in order', () => {
    const doc = seeded(emptyTaskForm());
    const first = addTaskFormField(doc, { type: 'text', key: 'first' });
    const third = addTaskFormField(doc, { type: 'number', key: 'third' });
    addTaskFormField(doc, { type: 'checkbox', key: 'second', index: 1 });
    expect(fieldsOf(doc).map((field) => field.key)).toEqual(['first', 'second', 'third']);
    moveTaskFormField(doc, first, 3);
    removeTaskFormField(doc, third);
    expect(fieldsOf(doc).map((field) => field.key)).toEqual(['second', 'first']);
    expect(validate(readTaskForm(doc)).ok).toBe(true);
  });

  it('orders fields inserted at one spot concurrently, and can insert between them', () => {
    const [left, right] = [seeded(emptyTaskForm()), new Y.Doc()];
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    addTaskFormField(left, { id: 'b', type: 'text', key: 'fromLeft' });
    addTaskFormField(right, { id: 'a', type: 'text', key: 'fromRight' });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const [tiedA, tiedB] = fieldsOf(left);
    expect(tiedA?.order).toBe(tiedB?.order);
    expect(fieldsOf(left).map((field) => field.id)).toEqual(['a', 'b']);
    addTaskFormField(left, { id: 'c', type: 'text', key: 'between', index: 1 });
    expect(fieldsOf(left).map((field) => field.id)).toEqual(['a', 'c', 'b']);
  });

  it('keeps each type its own settings: a concurrent type change never mixes them', () => {
    const [left, right] = [seeded(), new Y.Doc()];
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    setTaskFormFieldType(left, 'f03', 'currency', { currencyCode: 'USD' });
    updateTaskFormFieldSettings(right, 'f03', 'number', { default: 7, validation: { min: 1, max: 9 } });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    expect(readTaskForm(left)).toEqual(readTaskForm(right));
    expect(fieldsOf(left)[2]).toMatchObject({ type: 'currency', currencyCode: 'USD' });
    expect(fieldsOf(left)[2]).not.toHaveProperty('default');
    expect(validate(readTaskForm(left)).ok).toBe(true);
    setTaskFormFieldType(left, 'f03', 'number');
    expect(fieldsOf(left)[2]).toMatchObject({ type: 'number', default: 7, validation: { min: 1, max: 9 } });
  });

  it('renames a key in the conditions that read it', () => {
    const doc = seeded();
    updateTaskFormField(doc, 'f08', { key: 'kind' });
    expect(fieldsOf(doc)[13]?.visibleWhen).toEqual({
      type: 'comparison',
      left: 'kind',
      operator: 'eq',
      right: 'hardware',
    });
    expect(validate(readTaskForm(doc)).ok).toBe(true);
  });

  it('edits options and drops a default whose option was removed concurrently', () => {
    const [left, right] = [seeded(), new Y.Doc()];
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    removeFieldOption(left, 'f08', 'o2');
    updateTaskFormFieldSettings(right, 'f08', 'dropdown', { default: 'o2' });
    addFieldOption(right, 'f08', { id: 'o4', label: 'Service', value: 'service', index: 0 });
    updateFieldOption(right, 'f08', 'o1', { label: 'Hardware & devices' });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const category = fieldsOf(left)[7];
    expect(category).not.toHaveProperty('default');
    expect(category && 'options' in category ? category.options.map((option) => option.label) : []).toEqual([
      'Service',
      'Hardware & devices',
    ]);
    expect(validate(readTaskForm(left)).ok).toBe(true);
  });

  it("undoes one person's edits without touching a colleague's", () => {
    const [ada, grace] = [seeded(), new Y.Doc()];
    Y.applyUpdate(grace, Y.encodeStateAsUpdate(ada));
    const undo = new Y.UndoManager([ada.getMap('fields'), ada.getText('title')], {
      trackedOrigins: new Set(['ada']),
    });
    updateTaskFormField(ada, 'f01', { label: 'Article' }, 'ada');
    updateTaskForm(ada, { title: 'Purchase order' }, 'ada');
    updateTaskFormField(grace, 'f02', { label: 'Why' }, 'grace');
    Y.applyUpdate(ada, Y.encodeStateAsUpdate(grace));
    undo.undo();
    undo.undo();
    const form = readTaskForm(ada) as TaskForm;
    expect([form.title, form.fields[0]?.label, form.fields[1]?.label]).toEqual([
      'Purchase request',
      'Item',
      'Why',
    ]);
  });
});

// Pinned fields are never deleted or renamed, so conditions may read them; everything else is fair game.
const pinnedKeys = ['amount', 'status'];
const condition = (random: Random): Condition =>
  random.chance(0.5)
    ? { type: 'comparison', left: 'amount', operator: 'gt', right: random.int(100) }
    : {
        type: 'group',
        op: 'or',
        children: [
          { type: 'comparison', left: 'status', operator: 'in', right: ['open', 'held'] },
          { type: 'comparison', left: 'amount', operator: 'isEmpty' },
        ],
      };

function editTaskForm(doc: Y.Doc, random: Random): void {
  const fields = fieldsOf(doc);
  const field = random.pick(fields);
  const free = fields.filter((candidate) => !pinnedKeys.includes(candidate.key));
  const target = free.length > 0 ? random.pick(free) : undefined;
  const type = random.pick(taskFormFieldTypes);
  switch (random.int(12)) {
    case 0:
      addTaskFormField(doc, {
        id: random.id(),
        type: 'text',
        key: `f_${random.id()}`,
        label: random.text(),
        index: random.int(fields.length + 1),
      });
      return;
    case 1:
      if (target) removeTaskFormField(doc, target.id);
      return;
    case 2:
      moveTaskFormField(doc, field.id, random.int(fields.length + 1));
      return;
    case 3:
      updateTaskFormField(doc, field.id, { label: random.text(), required: random.chance(0.5) });
      return;
    case 4:
      updateTaskFormField(doc, field.id, { helpText: `${random.text()} ${random.text()}` });
      return;
    case 5:
      if (target)
        updateTaskFormField(doc, target.id, {
          visibleWhen: random.chance(0.8) ? condition(random) : undefined,
        });
      return;
    case 6:
      if (target)
        setTaskFormFieldType(doc, target.id, type, type === 'currency' ? { currencyCode: 'CHF' } : {});
      return;
    case 7:
      if (target) updateTaskFormField(doc, target.id, { key: `k_${random.id()}` });
      return;
    case 8:
      editSettings(doc, field, random);
      return;
    case 9:
      addFieldOption(doc, field.id, {
        id: random.id(),
        label: random.text(),
        value: `v_${random.id()}`,
        index: 0,
      });
      return;
    case 10:
      editOption(doc, field, random);
      return;
    default:
      updateTaskForm(doc, random.chance(0.5) ? { title: random.text() } : { description: random.text(30) });
  }
}

function editSettings(doc: Y.Doc, field: TaskFormField, random: Random): void {
  const low = random.int(50);
  if (field.type === 'number') {
    updateTaskFormFieldSettings(doc, field.id, 'number', {
      default: low,
      validation: { min: low, max: low + 5 },
    });
  } else if (field.type === 'text') {
    updateTaskFormFieldSettings(doc, field.id, 'text', {
      validation: { minLength: low, maxLength: low + random.int(9) + 1, pattern: '^[a-z ]*$' },
    });
  } else if (field.type === 'dropdown' && field.options.length > 0) {
    updateTaskFormFieldSettings(doc, field.id, 'dropdown', { default: random.pick(field.options).id });
  } else if (field.type === 'multiSelect') {
    updateTaskFormFieldSettings(doc, field.id, 'multiSelect', {
      default: field.options.map((option) => option.id).slice(0, 2),
      validation: { minSelected: 0, maxSelected: 2 },
    });
  } else if (field.type === 'date') {
    updateTaskFormFieldSettings(doc, field.id, 'date', { default: 'today', validation: undefined });
  }
}

function editOption(doc: Y.Doc, field: TaskFormField, random: Random): void {
  if (!('options' in field) || field.options.length === 0) return;
  const option = random.pick(field.options);
  if (random.chance(0.3)) removeFieldOption(doc, field.id, option.id);
  else updateFieldOption(doc, field.id, option.id, { label: random.text(), value: `v_${random.id()}` });
}

describe('task form convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid form (seed %i)', (seed) => {
    const docs = runConvergence({
      seed,
      replicas: 4,
      edits: 800,
      setup: (doc) => {
        initTaskForm(doc);
        addTaskFormField(doc, { id: 'amount', type: 'number', key: 'amount', label: 'Amount' });
        addTaskFormField(doc, {
          id: 'status',
          type: 'dropdown',
          key: 'status',
          options: [{ id: 'open', label: 'Open', value: 'open' }],
        });
      },
      edit: editTaskForm,
    });
    const form = expectConvergedAndValid(docs, readTaskForm, validate) as TaskForm;
    expect(form.fields.length).toBeGreaterThan(2);
  });
});
