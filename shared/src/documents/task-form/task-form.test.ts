import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Condition } from '../../conditions/condition.schema';
import { fieldOptions } from '../fields.yjs';
import { richTextFromPlain } from '../rich-text';
import { readRichText, writeRichText } from '../rich-text.yjs';
import { validateDocument } from '../schemas';
import { customers } from '../table/table.sample';
import { exchange, expectConvergence, seedDoc, syncedPair } from '../testing/documents';
import { editFieldStructure } from '../testing/field-edits';
import type { Random } from '../testing/random';
import { linkFieldSample, taskFormSample as sample } from './task-form.sample';
import { emptyTaskForm, type TaskForm } from './task-form.schema';
import {
  initTaskForm,
  migrateTaskForm,
  readTaskForm,
  taskFormFields,
  taskFormInstructions,
  updateTaskForm,
} from './task-form.yjs';
import { type TaskFormField, taskFormFieldTypes, taskFormGaps } from './task-form-fields.schema';

const validate = (json: unknown) => validateDocument('taskForm', json);

const fieldsOf = (doc: Y.Doc) => readTaskForm(doc).fields;
const keyOf = (field: TaskFormField) => (field.type === 'section' ? undefined : field.key);

describe('task form schema', () => {
  it('has a sample with every field type (a link beside it)', () => {
    const types = [...sample.fields, linkFieldSample].map((field) => field.type);
    expect(new Set(types)).toEqual(new Set(taskFormFieldTypes));
  });

  it('keeps a link field through Yjs and says what a new one lacks', () => {
    const withLink = { ...sample, fields: [...sample.fields, linkFieldSample] };
    expect(validate(withLink)).toEqual({ ok: true, value: withLink });
    const doc = seedDoc('taskForm', withLink);
    expect(readTaskForm(doc)).toEqual(withLink);
    taskFormFields.setType(doc, 'f01', 'link', { targetTableId: '', cardinality: 'one' } as never);
    const result = validate(readTaskForm(doc));
    expect(result.ok ? [] : result.issues).toContainEqual(
      expect.objectContaining({
        path: ['fields', 'f01', 'targetTableId'],
        message: 'Choose the table it links to.',
      }),
    );
    taskFormFields.updateSettings(doc, 'f01', 'link', { targetTableId: customers, cardinality: 'many' });
    expect(validate(readTaskForm(doc)).ok).toBe(true);
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
      { path: ['fields', 'f02', 'key'], message: 'Another field has this key.', where: 'Field “Reason”' },
      {
        path: ['fields', 'f02', 'visibleWhen'],
        message: 'No field has the key nothing.',
        where: 'Field “Reason”',
      },
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
      {
        path: ['fields', 'f01', 'validation', 'pattern'],
        message: 'Use a valid regular expression.',
        where: 'Field “Item” › validation',
      },
      {
        path: ['fields', 'f01', 'visibleWhen'],
        message: 'A field cannot be shown depending on itself.',
        where: 'Field “Item”',
      },
      {
        path: ['fields', 'f02', 'visibleWhen'],
        message: 'No field has the key delivery.',
        where: 'Field “Reason”',
      },
    ]);
  });
});

describe('task form binding', () => {
  it('seeds once: a second init leaves the content alone, another kind is refused', () => {
    const doc = seedDoc('taskForm', sample);
    initTaskForm(doc, emptyTaskForm());
    expect(readTaskForm(doc)).toEqual(sample);
    doc.getMap('meta').set('kind', 'flow');
    expect(() => initTaskForm(doc)).toThrow(/not a taskForm/);
    expect(() => migrateTaskForm(doc)).toThrow(/not a taskForm/);
  });

  it('refuses to migrate a document from a newer version and leaves a current one untouched', () => {
    const doc = seedDoc('taskForm', sample);
    const before = Y.encodeStateVector(doc);
    migrateTaskForm(doc);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    doc.getMap('meta').set('schemaVersion', 4);
    expect(() => migrateTaskForm(doc)).toThrow(/newer/);
  });

  // Version 1 said dropdown / checkbox / currency (without a scale) for select / boolean / decimal.
  const version1Names: Record<string, string> = {
    select: 'dropdown',
    boolean: 'checkbox',
    decimal: 'currency',
  };

  it('upgrades a version 1 snapshot to the shared field vocabulary', () => {
    const version1 = {
      ...sample,
      schemaVersion: 1,
      fields: sample.fields.map((field) => {
        const { scale: _scale, ...rest } = field as TaskFormField & { scale?: number };
        return { ...rest, type: version1Names[field.type] ?? field.type };
      }),
    };
    expect(version1.fields.map((field) => field.type)).toContain('currency');
    expect(validate(version1)).toEqual({ ok: true, value: sample });
  });

  it('upgrades a version 2 description, plain text, to rich text: a paragraph per line', () => {
    const version2 = { ...sample, schemaVersion: 2, description: 'Ask first.\n\nThen buy.' };
    expect(validate(version2)).toEqual({
      ok: true,
      value: {
        ...sample,
        description: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Ask first.' }] },
            { type: 'paragraph' },
            { type: 'paragraph', content: [{ type: 'text', text: 'Then buy.' }] },
          ],
        },
      },
    });
  });

  it('migrates a version 2 document: its plain description becomes the rich-text fragment', () => {
    const doc = seedDoc('taskForm', { ...sample, description: richTextFromPlain('') });
    doc.transact(() => {
      doc.getMap('meta').set('schemaVersion', 2);
      doc.getText('description').insert(0, 'Line one\nLine two');
    });
    migrateTaskForm(doc);
    expect(readTaskForm(doc).description).toEqual(richTextFromPlain('Line one\nLine two'));
    expect(doc.getText('description').toString()).toBe('');
    expect(doc.getMap('meta').get('schemaVersion')).toBe(3);
  });

  it('keeps rich text through the Y.XmlFragment exactly: marks, links, headings, lists', () => {
    const doc = new Y.Doc();
    doc.transact(() => writeRichText(taskFormInstructions(doc), sample.description));
    expect(readRichText(taskFormInstructions(doc))).toEqual(sample.description);
  });

  it('migrates a version 1 document, settings of earlier types included', () => {
    const doc = seedDoc('taskForm', sample);
    taskFormFields.setType(doc, 'f01', 'boolean');
    taskFormFields.updateSettings(doc, 'f01', 'boolean', { default: true });
    taskFormFields.setType(doc, 'f01', 'text');
    doc.transact(() => {
      doc.getMap('meta').set('schemaVersion', 1);
      for (const field of doc.getMap<Y.Map<unknown>>('fields').values()) {
        const type = String(field.get('type'));
        field.set('type', version1Names[type] ?? type);
        for (const key of [...field.keys()]) {
          const [variant, setting] = key.split(':');
          if (setting === undefined || variant === undefined || !version1Names[variant]) continue;
          if (setting !== 'scale') field.set(`${version1Names[variant]}:${setting}`, field.get(key));
          field.delete(key);
        }
      }
    });
    expect(JSON.stringify(doc.getMap('fields').toJSON())).toContain('currency');
    migrateTaskForm(doc);
    expect(readTaskForm(doc)).toEqual(sample);
    taskFormFields.setType(doc, 'f01', 'boolean');
    expect(fieldsOf(doc)[0]).toMatchObject({ type: 'boolean', default: true });
  });

  it('adds, moves and removes fields in order', () => {
    const doc = seedDoc('taskForm', emptyTaskForm());
    const first = taskFormFields.add(doc, { type: 'text', key: 'first', label: 'First' });
    const third = taskFormFields.add(doc, { type: 'number', key: 'third', label: 'Third' });
    taskFormFields.add(doc, { type: 'boolean', key: 'second', label: 'Second', index: 1 });
    expect(fieldsOf(doc).map(keyOf)).toEqual(['first', 'second', 'third']);
    taskFormFields.move(doc, first, 3);
    taskFormFields.remove(doc, third);
    expect(fieldsOf(doc).map(keyOf)).toEqual(['second', 'first']);
    expect(validate(readTaskForm(doc)).ok).toBe(true);
  });

  it('orders fields inserted at one spot concurrently, and can insert between them', () => {
    const [left, right] = syncedPair('taskForm', emptyTaskForm());
    taskFormFields.add(left, { id: 'b', type: 'text', key: 'fromLeft' });
    taskFormFields.add(right, { id: 'a', type: 'text', key: 'fromRight' });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const [tiedA, tiedB] = fieldsOf(left);
    expect(tiedA?.order).toBe(tiedB?.order);
    expect(fieldsOf(left).map((field) => field.id)).toEqual(['a', 'b']);
    taskFormFields.add(left, { id: 'c', type: 'text', key: 'between', index: 1 });
    expect(fieldsOf(left).map((field) => field.id)).toEqual(['a', 'c', 'b']);
  });

  it('keeps each type its own settings: a concurrent type change never mixes them', () => {
    const [left, right] = syncedPair('taskForm', sample);
    taskFormFields.setType(left, 'f03', 'decimal', { scale: 2, currencyCode: 'USD' });
    taskFormFields.updateSettings(right, 'f03', 'number', { default: 7, validation: { min: 1, max: 9 } });
    exchange(left, right);
    expect(readTaskForm(left)).toEqual(readTaskForm(right));
    expect(fieldsOf(left)[2]).toMatchObject({ type: 'decimal', currencyCode: 'USD' });
    expect(fieldsOf(left)[2]).not.toHaveProperty('default');
    expect(validate(readTaskForm(left)).ok).toBe(true);
    taskFormFields.setType(left, 'f03', 'number');
    expect(fieldsOf(left)[2]).toMatchObject({ type: 'number', default: 7, validation: { min: 1, max: 9 } });
  });

  it('renames a key in the conditions that read it', () => {
    const doc = seedDoc('taskForm', sample);
    taskFormFields.update(doc, 'f08', { key: 'kind' });
    expect(fieldsOf(doc)[13]?.visibleWhen).toEqual({
      type: 'comparison',
      left: 'kind',
      operator: 'eq',
      right: 'hardware',
    });
    expect(validate(readTaskForm(doc)).ok).toBe(true);
  });

  it('edits options and drops a default whose option was removed concurrently', () => {
    const [left, right] = syncedPair('taskForm', sample);
    fieldOptions.remove(left, 'f08', 'o2');
    taskFormFields.updateSettings(right, 'f08', 'select', { default: 'o2' });
    fieldOptions.add(right, 'f08', { id: 'o4', label: 'Service', value: 'service', index: 0 });
    fieldOptions.update(right, 'f08', 'o1', { label: 'Hardware & devices' });
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
    const [ada, grace] = syncedPair('taskForm', sample);
    const undo = new Y.UndoManager([ada.getMap('fields'), ada.getText('title')], {
      trackedOrigins: new Set(['ada']),
    });
    taskFormFields.update(ada, 'f01', { label: 'Article' }, 'ada');
    updateTaskForm(ada, { title: 'Purchase order' }, 'ada');
    taskFormFields.update(grace, 'f02', { label: 'Why' }, 'grace');
    Y.applyUpdate(ada, Y.encodeStateAsUpdate(grace));
    undo.undo();
    undo.undo();
    const form = readTaskForm(ada);
    expect([form.title, form.fields[0]?.label, form.fields[1]?.label]).toEqual([
      'Purchase request',
      'Item',
      'Why',
    ]);
  });
});

// Pinned fields (ids = keys) are never deleted or renamed, so conditions may read them; all else is fair game.
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

function setUpTaskForm(doc: Y.Doc): void {
  initTaskForm(doc);
  taskFormFields.add(doc, { id: 'amount', type: 'number', key: 'amount', label: 'Amount' });
  taskFormFields.add(doc, {
    id: 'status',
    type: 'select',
    key: 'status',
    options: [{ id: 'open', label: 'Open', value: 'open' }],
  });
}

function editTaskForm(doc: Y.Doc, random: Random): void {
  const fields = fieldsOf(doc);
  const isPinned = (candidate: { id: string }) => pinnedKeys.includes(candidate.id);
  if (random.chance(0.4)) {
    editFieldStructure(doc, random, fields, taskFormFields, isPinned);
    return;
  }
  const field = random.pick(fields);
  const free = fields.filter((candidate) => !isPinned(candidate));
  const target = free.length > 0 ? random.pick(free) : undefined;
  const type = random.pick(taskFormFieldTypes);
  switch (random.int(7)) {
    case 0:
      taskFormFields.update(doc, field.id, { label: random.text(), required: random.chance(0.5) });
      return;
    case 1:
      taskFormFields.update(doc, field.id, { helpText: `${random.text()} ${random.text()}` });
      return;
    case 2:
      if (target)
        taskFormFields.update(doc, target.id, {
          visibleWhen: random.chance(0.8) ? condition(random) : undefined,
        });
      return;
    case 3:
      if (target)
        taskFormFields.setType(
          doc,
          target.id,
          type,
          type === 'decimal'
            ? { scale: 2, currencyCode: 'CHF' }
            : type === 'link'
              ? { targetTableId: customers, cardinality: 'one' }
              : {},
        );
      return;
    case 4:
      if (target) taskFormFields.update(doc, target.id, { key: `k_${random.id()}` });
      return;
    case 5:
      editSettings(doc, field, random);
      return;
    default:
      if (random.chance(0.5)) updateTaskForm(doc, { title: random.text() });
      else doc.transact(() => writeRichText(taskFormInstructions(doc), richTextFromPlain(random.text(30))));
  }
}

function editSettings(doc: Y.Doc, field: TaskFormField, random: Random): void {
  const low = random.int(50);
  if (field.type === 'number') {
    taskFormFields.updateSettings(doc, field.id, 'number', {
      default: low,
      validation: { min: low, max: low + 5 },
    });
  } else if (field.type === 'text') {
    taskFormFields.updateSettings(doc, field.id, 'text', {
      validation: { minLength: low, maxLength: low + random.int(9) + 1, pattern: '^[a-z ]*$' },
    });
  } else if (field.type === 'select' && field.options.length > 0) {
    taskFormFields.updateSettings(doc, field.id, 'select', { default: random.pick(field.options).id });
  } else if (field.type === 'multiSelect') {
    taskFormFields.updateSettings(doc, field.id, 'multiSelect', {
      default: field.options.map((option) => option.id).slice(0, 2),
      validation: { minSelected: 0, maxSelected: 2 },
    });
  } else if (field.type === 'date') {
    taskFormFields.updateSettings(doc, field.id, 'date', { default: 'today', validation: undefined });
  }
}

describe('task form convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid form (seed %i)', (seed) => {
    const gaps = Object.values(taskFormGaps);
    const form = expectConvergence('taskForm', { seed, setup: setUpTaskForm, edit: editTaskForm }, gaps);
    expect(form.fields.length).toBeGreaterThan(2);
  });
});
