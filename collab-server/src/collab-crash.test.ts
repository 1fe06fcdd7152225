import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItems,
  createCollabTestKit,
  itemsOf,
  pollOptions,
  waitForAcknowledged,
} from './testing/collab-test-kit';

const kit = await createCollabTestKit();

const storedKeys = async (documentId: string) => Object.keys(itemsOf(await kit.storedDoc(documentId))).sort();

describe('a collab server process that dies', () => {
  it('loses nothing when killed with SIGKILL right after a burst of edits; SIGTERM stores and exits 0', async () => {
    // Writes wait a minute here, so at the kill the burst lives only in the server's memory and the clients.
    const first = await kit.startChildServer({ PORT: '0', COLLAB_PERSIST_DELAY_MS: '60000' });
    const { document: flow, first: editorA, second: editorB } = await kit.openPair(first.url);
    const burst = [
      ...addItems(editorA.document, 'alice', 200),
      ...addItems(editorB.document, 'bob', 200),
    ].sort();
    // Each editor has the other's burst: the server applied and relayed all of it.
    for (const editor of [editorA, editorB]) {
      await expect.poll(() => Object.keys(itemsOf(editor.document)).length, pollOptions).toBe(400);
    }
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(await storedKeys(flow.id)).toEqual([]);

    // A new process on the same port: the providers reconnect and the sync handshake resends the burst.
    const second = await kit.startChildServer({ PORT: String(first.port), COLLAB_PERSIST_DELAY_MS: '60000' });
    await waitForAcknowledged(editorA, editorB);
    const late = addItems(editorA.document, 'after-restart', 5);
    await waitForAcknowledged(editorA);

    const exited = once(second.child, 'exit');
    second.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(await storedKeys(flow.id)).toEqual([...burst, ...late].sort());
    for (const row of await kit.prisma.documentUpdate.findMany({ where: { documentId: flow.id } })) {
      expect(() => Y.decodeUpdate(row.update)).not.toThrow();
    }
    expect(Y.encodeStateVector(editorA.document)).toEqual(Y.encodeStateVector(editorB.document));
  });
});
