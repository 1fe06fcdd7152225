import * as Y from 'yjs';
import { Random } from './random';

const remote = Symbol('remote');

export interface ConvergenceRun {
  seed: number;
  replicas: number;
  edits: number;
  // Seeds replica 0; the others start from its state, as clients that loaded the same document.
  setup: (doc: Y.Doc) => void;
  // One local edit through the typed helpers, chosen with `random` from what this replica sees.
  edit: (doc: Y.Doc, random: Random) => void;
}

/**
 * Each step either makes a seeded random edit on a random replica or hands a random replica a random batch
 * of the updates it has not seen yet, in random order (sometimes merged into one update), so replicas drift
 * apart and catch up like offline clients. At the end everything left is delivered; the returned replicas
 * must now agree.
 */
export function runConvergence(run: ConvergenceRun): Y.Doc[] {
  const random = new Random(run.seed);
  // Client ids break ties between concurrent edits; seeded ones make a run replayable.
  const createDoc = () => {
    const doc = new Y.Doc();
    doc.clientID = random.int(2 ** 31);
    return doc;
  };
  const origin = createDoc();
  run.setup(origin);
  const start = Y.encodeStateAsUpdate(origin);
  const docs = Array.from({ length: run.replicas }, createDoc);
  const inboxes: Uint8Array[][] = docs.map(() => []);
  docs.forEach((doc, index) => {
    Y.applyUpdate(doc, start, remote);
    doc.on('update', (update: Uint8Array, updateOrigin: unknown) => {
      if (updateOrigin === remote) return;
      inboxes.forEach((inbox, other) => {
        if (other !== index) inbox.push(update);
      });
    });
  });

  let edits = 0;
  while (edits < run.edits) {
    const replica = random.int(docs.length);
    if (random.chance(0.6)) {
      run.edit(docs[replica] as Y.Doc, random);
      edits += 1;
    } else {
      deliver(docs[replica] as Y.Doc, inboxes[replica] as Uint8Array[], random);
    }
  }
  for (const [index, inbox] of inboxes.entries()) {
    while (inbox.length > 0) deliver(docs[index] as Y.Doc, inbox, random);
  }
  return docs;
}

function deliver(doc: Y.Doc, inbox: Uint8Array[], random: Random): void {
  if (inbox.length === 0) return;
  const batch = random.take(inbox, 1 + random.int(inbox.length));
  if (random.chance(0.3)) Y.applyUpdate(doc, Y.mergeUpdates(batch), remote);
  else for (const update of batch) Y.applyUpdate(doc, update, remote);
}
