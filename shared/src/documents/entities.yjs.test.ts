import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentKind } from '../ids';
import { keepEntityReads } from './entities.yjs';
import { readDocument } from './index';
import { taskFormSample } from './task-form/task-form.sample';
import { readTaskForm, taskFormFields } from './task-form/task-form.yjs';
import { seedDoc } from './testing/documents';
import { editFieldStructure } from './testing/field-edits';
import { editFlowRandomly, pinnedFlow } from './testing/flow-edits';
import { Random } from './testing/random';

const remote = Symbol('remote');

// A doc that keeps its reads (the api's kept drafts) must read exactly what a doc decoded afresh from the same
// state reads, whatever reached it: its own edits, a colleague's updates (one by one or merged), deletes,
// moves among ordered siblings, undo and redo.
function expectKeptReadsExact(
  kind: DocumentKind,
  seed: number,
  kept: Y.Doc,
  edit: (doc: Y.Doc, random: Random, origin: object) => void,
): void {
  const random = new Random(seed);
  keepEntityReads(kept);
  const colleague = new Y.Doc();
  Y.applyUpdate(colleague, Y.encodeStateAsUpdate(kept));
  const own = { user: 'ada' };
  const undo = new Y.UndoManager(
    [...kept.share.values()].filter((type) => type instanceof Y.Map || type instanceof Y.Text),
    { trackedOrigins: new Set([own]), captureTimeout: 0 },
  );
  const inbox: Uint8Array[] = [];
  colleague.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== remote) inbox.push(update);
  });
  const freshRead = () => {
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(kept));
    return readDocument(kind, fresh);
  };
  for (let step = 0; step < 400; step++) {
    const roll = random.int(10);
    if (roll < 4) edit(kept, random, own);
    else if (roll < 6) edit(colleague, random, {});
    else if (roll < 8 && inbox.length > 0) {
      const batch = inbox.splice(0, 1 + random.int(inbox.length));
      if (random.chance(0.5)) Y.applyUpdate(kept, Y.mergeUpdates(batch), remote);
      else for (const update of batch) Y.applyUpdate(kept, update, remote);
      Y.applyUpdate(colleague, Y.encodeStateAsUpdate(kept, Y.encodeStateVector(colleague)), remote);
    } else if (roll === 8) undo.undo();
    else undo.redo();
    expect(readDocument(kind, kept), `${kind}, seed ${seed}, step ${step}`).toEqual(freshRead());
  }
}

describe('kept entity reads', () => {
  it('read a flow exactly as a fresh decode does through random edits, remote updates, deletes and undo', () => {
    for (const seed of [1, 2, 3]) {
      expectKeptReadsExact('flow', seed, seedDoc('flow', pinnedFlow()), editFlowRandomly);
    }
  });

  it('read a form exactly as a fresh decode does while its ordered fields are added, moved and removed', () => {
    const pinned = new Set(taskFormSample.fields.slice(0, 2).map((field) => field.id));
    const editFields = (doc: Y.Doc, random: Random, origin: object) =>
      doc.transact(
        () =>
          editFieldStructure(doc, random, readTaskForm(doc).fields, taskFormFields, (field) =>
            pinned.has(field.id),
          ),
        origin,
      );
    for (const seed of [1, 2, 3]) {
      expectKeptReadsExact('taskForm', seed, seedDoc('taskForm', taskFormSample), editFields);
    }
  });
});
