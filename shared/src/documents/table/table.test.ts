import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateDocument } from '../schemas';
import { expectConvergence, listIssues, seedDoc, syncedPair } from '../testing/documents';
import { editFieldStructure } from '../testing/field-edits';
import type { Random } from '../testing/random';
import { blankField, customers, tableSample as sample } from './table.sample';
import { defaultTableAccess, type Table, tableFieldTypes } from './table.schema';
import { initTable, migrateTable, readTable, tableFields, updateTable } from './table.yjs';

describe('table schema', () => {
  it('has a sample with every field type', () => {
    expect(sample.fields.map((field) => field.type).sort()).toEqual([...tableFieldTypes].sort());
  });

  it('reports repeated keys, a missing display field and bad settings', () => {
    const table = structuredClone(sample) as Table & { fields: Record<string, unknown>[] };
    table.displayFieldId = 'gone';
    Object.assign(table.fields[1] as object, { key: 'number' });
    Object.assign(table.fields[3] as object, { default: 1.5, scale: 11 });
    Object.assign(table.fields[13] as object, { cardinality: 'few' });
    expect(listIssues('table', table)).toEqual([
      'fields.f04.scale: The scale is too large: at most 10.',
      'fields.f13.cardinality: The cardinality should be “one” or “many”.',
    ]);
    Object.assign(table.fields[3] as object, { default: 1.5, scale: 2 });
    Object.assign(table.fields[13] as object, { cardinality: 'many' });
    expect(listIssues('table', table)).toEqual([
      'fields.f02.key: Another field has this key.',
      'displayFieldId: No field has this id.',
    ]);
  });
});

describe('table schema version 1', () => {
  // Version 1 said relation, kept a text's maxLength and a file's rules beside the other settings, and decimals
  // as strings.
  const { access: _access, ...sampleWithoutAccess } = sample;
  const upgraded = { ...sample, access: defaultTableAccess() };
  const version1 = {
    ...sampleWithoutAccess,
    schemaVersion: 1,
    fields: sample.fields.map((field) => {
      if (field.type === 'text') return { ...field, validation: undefined, maxLength: 20 };
      if (field.type === 'decimal') return { ...field, default: '0.00' };
      if (field.type === 'link') return { ...field, type: 'relation' };
      if (field.type === 'file')
        return { ...field, validation: undefined, allowedTypes: ['application/pdf'], multiple: true };
      return field;
    }),
  };

  it('upgrades a version 1 snapshot', () => {
    expect(validateDocument('table', JSON.parse(JSON.stringify(version1)))).toEqual({
      ok: true,
      value: upgraded,
    });
  });

  it('migrates a version 1 document', () => {
    const doc = seedDoc('table', sample);
    doc.transact(() => {
      doc.getMap('meta').set('schemaVersion', 1);
      doc.getMap('props').delete('access');
      const fields = doc.getMap<Y.Map<unknown>>('fields');
      const set = (id: string, props: Record<string, unknown>) => {
        for (const [key, value] of Object.entries(props)) {
          if (value === undefined) fields.get(id)?.delete(key);
          else fields.get(id)?.set(key, value);
        }
      };
      set('f01', { 'text:validation': undefined, 'text:maxLength': 20 });
      set('f04', { 'decimal:default': '0.00' });
      set('f13', {
        type: 'relation',
        'link:targetTableId': undefined,
        'relation:targetTableId': customers,
        'link:cardinality': undefined,
        'relation:cardinality': 'one',
      });
      set('f14', {
        'file:validation': undefined,
        'file:allowedTypes': ['application/pdf'],
        'file:multiple': true,
      });
    });
    migrateTable(doc);
    expect(readTable(doc)).toEqual(upgraded);
  });
});

describe('table binding', () => {
  it('reads a display field removed concurrently as none', () => {
    const [left, right] = syncedPair('table', sample);
    tableFields.remove(left, 'f02');
    updateTable(right, { displayFieldId: 'f02' });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    expect(readTable(left)).toMatchObject({ displayFieldId: null });
    expect(listIssues('table', readTable(left))).toEqual([]);
  });

  it('changes types with the settings the new type needs, and back', () => {
    const doc = seedDoc('table', sample);
    tableFields.setType(doc, 'f03', 'link', { targetTableId: customers, cardinality: 'many' });
    expect(readTable(doc).fields[2]).toMatchObject({ type: 'link', cardinality: 'many' });
    expect(listIssues('table', readTable(doc))).toEqual([]);
    tableFields.setType(doc, 'f03', 'number');
    tableFields.updateSettings(doc, 'f03', 'number', { default: undefined });
    tableFields.update(doc, 'f03', { name: 'Weight (kg)', required: true });
    expect(readTable(doc).fields[2]).toEqual({
      ...blankField,
      id: 'f03',
      order: 'a2',
      key: 'weight',
      type: 'number',
      name: 'Weight (kg)',
      required: true,
    });
  });
});

// The pinned display field is never removed; everything else is.
function setUpTable(doc: Y.Doc): void {
  initTable(doc);
  tableFields.add(doc, { id: 'title', type: 'text', key: 'title', name: 'Title' });
  updateTable(doc, { displayFieldId: 'title' });
}

function editTable(doc: Y.Doc, random: Random): void {
  const { fields } = readTable(doc);
  const isPinned = (candidate: { id: string }) => candidate.id === 'title';
  if (random.chance(0.4)) {
    editFieldStructure(doc, random, fields, tableFields, isPinned);
    return;
  }
  const field = random.pick(fields);
  const free = fields.filter((candidate) => !isPinned(candidate));
  const target = free.length > 0 ? random.pick(free) : undefined;
  switch (random.int(5)) {
    case 0:
      tableFields.update(doc, field.id, { name: random.text(), unique: random.chance(0.3) });
      return;
    case 1:
      tableFields.update(doc, field.id, { description: random.text(20), required: random.chance(0.5) });
      return;
    case 2: {
      if (!target) return;
      const type = random.pick(tableFieldTypes);
      if (type === 'link')
        tableFields.setType(doc, target.id, type, { targetTableId: customers, cardinality: 'one' });
      else if (type === 'decimal') tableFields.setType(doc, target.id, type, { scale: random.int(4) });
      else tableFields.setType(doc, target.id, type);
      return;
    }
    case 3:
      if (field.type === 'text')
        tableFields.updateSettings(doc, field.id, 'text', {
          default: random.text(),
          validation: { maxLength: 50 },
        });
      else if (field.type === 'select' && field.options.length > 0) {
        tableFields.updateSettings(doc, field.id, 'select', { default: random.pick(field.options).id });
      }
      return;
    default:
      updateTable(doc, random.chance(0.5) ? { description: random.text(30) } : { displayFieldId: field.id });
  }
}

describe('table convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid table (seed %i)', (seed) => {
    const table = expectConvergence('table', { seed, setup: setUpTable, edit: editTable });
    expect(table.fields.length).toBeGreaterThan(1);
  });
});
