import { describe, expect, it } from 'vitest';
import { type DocumentKind, documentKinds } from '../../ids';
import { datasetSample } from '../dataset/dataset.sample';
import { bigAmount, flowSample } from '../flow/flow.sample';
import { readFlow } from '../flow/flow.yjs';
import { richTextFromPlain } from '../rich-text';
import type { DocumentContents } from '../schemas';
import { tableSample } from '../table/table.sample';
import { linkFieldSample, taskFormSample } from '../task-form/task-form.sample';
import { seedDoc } from '../testing/documents';
import { editFlowRandomly, pinnedFlow } from '../testing/flow-edits';
import { Random } from '../testing/random';
import { tableId, triggerSample } from '../trigger/trigger.sample';
import { applyChanges, diffDocuments, documentDiffSpecs } from './diff';
import type { CollectionDiffSpec } from './entity-diff';

const samples: DocumentContents = {
  taskForm: taskFormSample,
  flow: flowSample,
  trigger: triggerSample,
  table: tableSample,
  dataset: datasetSample,
};

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);

describe('semantic diff', () => {
  it.each(documentKinds)('finds nothing between a %s and itself', (kind) => {
    expect(diffDocuments(kind, samples[kind], clone(samples[kind]))).toEqual([]);
  });

  it('reports a renamed field as its changed label, not a removal and an addition', () => {
    const after = clone(taskFormSample);
    const field = after.fields[0];
    if (!field) throw new Error('the sample has fields');
    field.label = 'Article';
    expect(diffDocuments('taskForm', taskFormSample, after)).toEqual([
      {
        op: 'changed',
        entityType: 'field',
        entityId: 'f01',
        property: 'label',
        before: 'Item',
        after: 'Article',
        label: 'Article',
      },
    ]);
  });

  it('reports the table a task form’s link points at, and how many records it holds, as changed settings', () => {
    const before = { ...taskFormSample, fields: [...taskFormSample.fields, linkFieldSample] };
    const after = clone(before);
    Object.assign(after.fields[after.fields.length - 1] as object, {
      targetTableId: tableId,
      cardinality: 'many',
    });
    expect(diffDocuments('taskForm', before, after)).toEqual([
      {
        op: 'changed',
        entityType: 'field',
        entityId: 'f15',
        property: 'cardinality',
        before: 'one',
        after: 'many',
        label: 'Customer',
      },
      {
        op: 'changed',
        entityType: 'field',
        entityId: 'f15',
        property: 'targetTableId',
        before: linkFieldSample.targetTableId,
        after: tableId,
        label: 'Customer',
      },
    ]);
    expect(applyChanges('taskForm', before, diffDocuments('taskForm', before, after))).toEqual(after);
  });

  it('reports a reordered field as moved (a new order key) and nothing else', () => {
    const after = clone(taskFormSample);
    const field = after.fields.find((candidate) => candidate.id === 'f01');
    if (!field) throw new Error('the sample has f01');
    field.order = 'a9';
    expect(diffDocuments('taskForm', taskFormSample, after)).toEqual([
      expect.objectContaining({ op: 'moved', entityType: 'field', entityId: 'f01', property: 'order' }),
    ]);
  });

  it('reports a dragged node as moved, and a changed condition as readable text', () => {
    const after = clone(flowSample);
    const node = after.nodes.find((candidate) => candidate.id === 'n02');
    const edge = after.edges.find((candidate) => candidate.id === 'e03');
    if (!node || !edge) throw new Error('the sample has n02 and e03');
    node.position = { x: 40, y: 100 };
    edge.condition = { type: 'comparison', left: 'amount', operator: 'gt', right: 5000 };
    const changes = diffDocuments('flow', flowSample, after);
    expect(changes).toEqual([
      expect.objectContaining({
        op: 'moved',
        entityType: 'node',
        entityId: 'n02',
        property: 'position',
        after: { x: 40, y: 100 },
      }),
      expect.objectContaining({
        op: 'changed',
        entityType: 'edge',
        entityId: 'e03',
        property: 'condition',
        beforeText: 'amount > 1000',
        afterText: 'amount > 5000',
      }),
    ]);
  });

  it('names nested options by their field, and whole entities when added or removed', () => {
    const after = clone(tableSample) as unknown as Json & { fields: (Json & { options?: Json[] })[] };
    const withOptions = after.fields.find((field) => Array.isArray(field.options));
    const option = withOptions?.options?.[0];
    if (!withOptions || !option) throw new Error('the sample has a field with options');
    option.label = 'Renamed option';
    const removed = after.fields.pop() as Json;
    const added = { ...removed, id: 'new-field', key: 'newField' };
    after.fields.push(added);
    const changes = diffDocuments('table', tableSample, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          op: 'changed',
          entityType: 'option',
          entityId: option.id,
          parentId: withOptions.id,
          property: 'label',
          after: 'Renamed option',
        }),
        expect.objectContaining({
          op: 'removed',
          entityType: 'field',
          entityId: removed.id,
          before: removed,
        }),
        expect.objectContaining({ op: 'added', entityType: 'field', entityId: 'new-field', after: added }),
      ]),
    );
    expect(changes).toHaveLength(3);
  });

  it('reports a document prop such as a trigger’s condition on the document itself', () => {
    const after = { ...clone(triggerSample), condition: bigAmount, name: 'Renamed' };
    const changes = diffDocuments('trigger', triggerSample, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityType: 'document', entityId: 'document', property: 'name' }),
        expect.objectContaining({ property: 'condition', afterText: 'amount > 1000' }),
      ]),
    );
  });

  it('reports a changed rich-text description with its words before and after', () => {
    const after = { ...clone(taskFormSample), description: richTextFromPlain('Buy it.\nSoon.') };
    expect(diffDocuments('taskForm', taskFormSample, after)).toEqual([
      expect.objectContaining({
        op: 'changed',
        entityType: 'document',
        property: 'description',
        beforeText: 'Ask for something to be bought; see the policy.\nBefore you ask\nGet a quote',
        afterText: 'Buy it.\nSoon.',
      }),
    ]);
  });
});

describe('semantic diff, properties over seeded random documents', () => {
  const seeds = Array.from({ length: 40 }, (_, index) => index + 1);

  it.each(documentKinds)('apply(a, diff(a, b)) is b for random %s pairs', (kind) => {
    for (const seed of seeds) {
      const random = new Random(seed);
      const a = canonical(kind, mutate(kind, samples[kind] as unknown as Json, random, 1 + random.int(6)));
      const b = canonical(kind, mutate(kind, a, random, 1 + random.int(12)));
      expect(diffDocuments(kind, a, a)).toEqual([]);
      const changes = diffDocuments(kind, a, b);
      expect(applyChanges(kind, a, changes)).toEqual(b);
      expect(diffDocuments(kind, applyChanges(kind, a, changes), b)).toEqual([]);
    }
  });

  it('apply(a, diff(a, b)) is b for flows edited through their Yjs helpers', () => {
    for (const seed of seeds.slice(0, 10)) {
      const random = new Random(seed);
      const doc = seedDoc('flow', pinnedFlow());
      const origin = {};
      const edit = (count: number) => {
        for (let step = 0; step < count; step += 1) editFlowRandomly(doc, random, origin);
      };
      edit(20);
      const a = readFlow(doc);
      edit(1 + random.int(30));
      const b = readFlow(doc);
      expect(applyChanges('flow', a, diffDocuments('flow', a, b))).toEqual(b);
      doc.destroy();
    }
  });
});

// A snapshot in display order (applying no change sorts every collection).
function canonical(kind: DocumentKind, snapshot: Json): Json {
  return applyChanges(kind, snapshot, []);
}

// Random structural edits of a snapshot's JSON (not necessarily valid: the diff must not care).
function mutate(kind: DocumentKind, base: Json, random: Random, edits: number): Json {
  const snapshot = clone(base);
  for (let step = 0; step < edits; step += 1) {
    const lists = collectionsOf(documentDiffSpecs[kind].collections, snapshot);
    const pick = random.int(5);
    if (pick === 0 || lists.length === 0) {
      const key = random.pick(
        Object.keys(snapshot).filter((candidate) => typeof snapshot[candidate] === 'string'),
      );
      snapshot[key] = random.text();
      continue;
    }
    const list = random.pick(lists);
    if (pick === 1 || list.length === 0) {
      const template = list[0] ?? { label: '' };
      list.push({ ...clone(template), id: random.id(), order: `a${random.id()}` });
      continue;
    }
    const entity = random.pick(list);
    if (pick === 2) list.splice(list.indexOf(entity), 1);
    else if (pick === 3) entity.order = `a${random.id()}`;
    else {
      const key = random.pick(Object.keys(entity).filter((candidate) => candidate !== 'id'));
      if (random.chance(0.2)) delete entity[key];
      else entity[key] = random.chance(0.5) ? random.text() : { x: random.int(100), y: random.int(100) };
    }
  }
  return snapshot;
}

function collectionsOf(specs: readonly CollectionDiffSpec[], holder: Json): (Json & { id: string })[][] {
  return specs.flatMap((spec) => {
    const list = holder[spec.key];
    if (!Array.isArray(list)) return [];
    return [list, ...list.flatMap((entity: Json) => collectionsOf(spec.nested ?? [], entity))];
  });
}
