import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentKind } from '../ids';
import { flowSample } from './flow/flow.sample';
import { flowEdges, flowNodes, readFlow } from './flow/flow.yjs';
import { isDeepFrozen } from './immutable';
import { getMeta } from './meta.yjs';
import { decodeDraft, KeptDrafts, type LoadStoredState, type StoredStateThrough } from './snapshot';
import { taskFormSchemaVersion } from './task-form/task-form.schema';
import { seedDoc } from './testing/documents';

// An update log as the collab server appends it: one row per edit, ids ascending.
function logOf(doc: Y.Doc) {
  const rows: { id: bigint; update: Uint8Array }[] = [];
  const append = (update: Uint8Array) => rows.push({ id: BigInt(rows.length + 1), update });
  append(Y.encodeStateAsUpdate(doc));
  doc.on('update', append);
  const loads: (bigint | null)[] = [];
  const load = async (afterUpdateId: bigint | null) => {
    loads.push(afterUpdateId);
    const after = rows.filter((row) => afterUpdateId === null || row.id > afterUpdateId);
    const stored: StoredStateThrough = {
      snapshot: null,
      updates: after.map((row) => row.update),
      throughUpdateId: rows.at(-1)?.id ?? null,
    };
    return { document: { kind: 'flow' as const }, stored };
  };
  const decodeAll = () => decodeDraft('flow', { snapshot: null, updates: rows.map((row) => row.update) });
  return { rows, loads, load, decodeAll };
}

const limits = { maxDocuments: 2, idleMs: 60_000 };

describe('kept drafts', () => {
  it('read what a whole decode reads while edits keep coming, loading only the updates since', async () => {
    const doc = seedDoc('flow', flowSample);
    const log = logOf(doc);
    const kept = new KeptDrafts(limits);
    expect(await draftOf(kept, 'd1', log.load)).toEqual(log.decodeAll());
    const edits = [
      () => flowNodes.update(doc, 'n02', { name: 'Head of department approves' }),
      () => flowNodes.update(doc, 'n03', { position: { x: 40, y: 220 } }),
      () => flowNodes.add(doc, { id: 'n11', type: 'end', name: 'Cancelled' }),
      () => flowEdges.add(doc, { id: 'e99', source: 'n03', target: 'n11', label: 'no budget' }),
      // The default edge moves by an edit of its node alone; the edges themselves stay as they were.
      () => flowNodes.setDefaultEdge(doc, 'n03', 'e03'),
      () => flowEdges.update(doc, 'e03', { label: 'Large' }),
      () => flowNodes.setDefaultEdge(doc, 'n03', 'e04'),
      () => flowNodes.remove(doc, 'n10'),
      () => flowNodes.update(doc, 'n11', { name: 'Withdrawn' }),
    ];
    for (const edit of edits) {
      edit();
      const throughBefore = log.rows.length - 1;
      const draft = await draftOf(kept, 'd1', log.load);
      expect(log.loads.at(-1)).toBe(BigInt(throughBefore));
      expect(draft).toEqual(log.decodeAll());
      expect(draft?.content).toEqual(readFlow(doc));
    }
    expect(log.loads.filter((after) => after === null)).toHaveLength(1);
  });

  it('rebuild from the whole stored state when the updates since leave a gap', async () => {
    const doc = seedDoc('flow', flowSample);
    const log = logOf(doc);
    const kept = new KeptDrafts(limits);
    await draftOf(kept, 'd1', log.load);
    flowNodes.add(doc, { id: 'n11', type: 'end', name: 'Cancelled' });
    flowNodes.update(doc, 'n11', { name: 'Withdrawn' });
    // The rename arrives without the node it renames (as if a row committed after a later one was read).
    const skipping = async (after: bigint | null) => {
      const loaded = await log.load(after);
      if (after === null) return loaded;
      return { ...loaded, stored: { ...loaded.stored, updates: loaded.stored.updates.slice(1) } };
    };
    const draft = await draftOf(kept, 'd1', skipping);
    expect(log.loads).toEqual([null, 1n, null]);
    expect(draft).toEqual(log.decodeAll());
    expect(readNames(draft?.content)).toContain('Withdrawn');
  });

  it('answer null for a document that is gone, and keep nothing of it', async () => {
    const log = logOf(seedDoc('flow', flowSample));
    const kept = new KeptDrafts(limits);
    await draftOf(kept, 'd1', log.load);
    let isGone = true;
    const loads: (bigint | null)[] = [];
    const goneOrNot = async (after: bigint | null) => {
      loads.push(after);
      return isGone ? null : log.load(after);
    };
    expect(await kept.read('d1', goneOrNot)).toBeNull();
    isGone = false;
    expect(await draftOf(kept, 'd1', goneOrNot)).toEqual(log.decodeAll());
    // The kept doc was dropped with the document: the next read loaded everything.
    expect(loads).toEqual([1n, null]);
  });

  it('keep no draft whose layout a read upgraded in memory: the next read loads everything again', async () => {
    const doc = seedDoc('taskForm');
    doc.transact(() => getMeta(doc).set('schemaVersion', 1));
    const rows = [Y.encodeStateAsUpdate(doc)];
    const loads: (bigint | null)[] = [];
    const load = async (after: bigint | null) => {
      loads.push(after);
      return {
        document: { kind: 'taskForm' as const },
        stored: { snapshot: null, updates: rows, throughUpdateId: 1n },
      };
    };
    const kept = new KeptDrafts(limits);
    const first = await draftOf(kept, 'd1', load);
    expect(first?.content).toMatchObject({ kind: 'taskForm', schemaVersion: taskFormSchemaVersion });
    expect(first?.stateVector).toEqual(Y.encodeStateVector(doc));
    await draftOf(kept, 'd1', load);
    expect(loads).toEqual([null, null]);
  });

  it('keep the most recently read documents only', async () => {
    const logs = [logOf(seedDoc('flow', flowSample)), logOf(seedDoc('flow', flowSample))];
    const third = logOf(seedDoc('flow', flowSample));
    const kept = new KeptDrafts(limits);
    const read = (index: number) => {
      const log = [...logs, third][index] ?? third;
      return draftOf(kept, `d${index}`, log.load);
    };
    for (const index of [0, 1, 0, 2, 0, 1, 2]) await read(index);
    // Two documents fit: reading the third pushes out the one read longest ago (1, then 2).
    expect(logs[0]?.loads).toEqual([null, 1n, 1n]);
    expect(logs[1]?.loads).toEqual([null, null]);
    expect(third.loads).toEqual([null, null]);
  });

  it('hand out frozen entities, the same object while unchanged: no caller can change a later read', async () => {
    const doc = seedDoc('flow', flowSample);
    const log = logOf(doc);
    const kept = new KeptDrafts(limits);
    const first = (await draftOf(kept, 'd1', log.load))?.content as { nodes: object[]; edges: object[] };
    const [node, other] = first.nodes as [{ id: string; name: string; position: { x: number } }, object];
    expect(() => {
      node.name = 'changed by a caller';
    }).toThrow(TypeError);
    expect(() => {
      node.position.x = 5;
    }).toThrow(TypeError);
    expect(isDeepFrozen(node)).toBe(true);
    flowNodes.update(doc, node.id, { name: 'Renamed' });
    const second = (await draftOf(kept, 'd1', log.load))?.content as { nodes: object[]; edges: object[] };
    expect(second).toEqual(readFlow(doc));
    // Only the renamed node was read again; the others are the objects handed out before, the edges one list.
    expect(second.nodes[0]).not.toBe(node);
    expect(second.nodes[1]).toBe(other);
    expect(second.edges).toBe(first.edges);
    expect(isDeepFrozen(second.edges)).toBe(true);
    flowNodes.setDefaultEdge(doc, 'n03', 'e03');
    const third = (await draftOf(kept, 'd1', log.load))?.content as { edges: object[] };
    expect(third).toEqual(readFlow(doc));
    expect(third.edges).not.toBe(first.edges);
  });
});

// The draft a read answers (undefined when the document is gone).
async function draftOf(kept: KeptDrafts, documentId: string, load: LoadStoredState<{ kind: DocumentKind }>) {
  return (await kept.read(documentId, load))?.draft;
}

function readNames(content: unknown): string[] {
  return ((content as { nodes: { name: string }[] }).nodes ?? []).map((node) => node.name);
}
