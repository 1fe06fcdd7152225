import 'fake-indexeddb/auto';
import { type DocumentKind, emptyDocument } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import {
  addItems,
  createCollabTestKit,
  itemsOf,
  pollOptions,
  waitForAcknowledged,
  waitForSynced,
} from './testing/collab-test-kit';
import { refusalsOf } from './testing/observers';

const kit = await createCollabTestKit();

describe('collaboration through the collab server', () => {
  it('two clients converge, and a third joining later gets the whole state', async () => {
    const server = await kit.startServer();
    const {
      alice,
      document: flow,
      first,
      second,
    } = await kit.openPair(server.url, {
      roles: [['developer'], ['admin']],
    });

    first.document.getText('title').insert(0, 'Hello');
    second.document.getText('title').insert(0, 'World ');
    addItems(first.document, 'a', 20);
    addItems(second.document, 'b', 20);

    await expect.poll(() => Object.keys(itemsOf(first.document)).length, pollOptions).toBe(40);
    await expect.poll(() => Object.keys(itemsOf(second.document)).length, pollOptions).toBe(40);
    expect(first.document.getText('title').toString()).toBe(second.document.getText('title').toString());

    const third = kit.connect(server.url, flow.name, alice.token);
    await waitForSynced(third);
    expect(Y.encodeStateAsUpdate(third.document)).toEqual(Y.encodeStateAsUpdate(first.document));
    expect(itemsOf(third.document)).toEqual(itemsOf(second.document));
  });

  it('serves several documents over one shared socket', async () => {
    const server = await kit.startServer();
    const { user, document: flow } = await kit.openAlone(server.url);
    const form = await kit.createDocument('taskForm', user);
    const socket = kit.socket(server.url);
    const onFlow = kit.connect(server.url, flow.name, user.token, { websocketProvider: socket });
    const onForm = kit.connect(server.url, form.name, user.token, { websocketProvider: socket });
    const refused = kit.connect(server.url, `flow:${crypto.randomUUID()}`, user.token, {
      websocketProvider: socket,
    });
    const reasons = refusalsOf(refused);
    await waitForSynced(onFlow, onForm);
    await expect.poll(() => reasons, pollOptions).toEqual(['not-found']);

    addItems(onFlow.document, 'node', 2);
    addItems(onForm.document, 'field', 3);
    await waitForAcknowledged(onFlow, onForm);
    expect(server.collab.stats()).toEqual({ sockets: 2, documents: 2 });
    const check = kit.connect(server.url, form.name, user.token);
    await expect.poll(() => Object.keys(itemsOf(check.document)), pollOptions).toHaveLength(3);
  });

  it('stores every change with its author, marks the document edited, and serves it after a restart', async () => {
    const server = await kit.startServer({ env: { COLLAB_PERSIST_DELAY_MS: '0' } });
    const { alice, bob, document: flow, first, second } = await kit.openPair(server.url);
    addItems(first.document, 'alice', 3);
    await waitForAcknowledged(first);
    addItems(second.document, 'bob', 2);
    await waitForAcknowledged(second);
    await server.collab.flush();

    const rows = await kit.prisma.documentUpdate.findMany({
      where: { documentId: flow.id },
      orderBy: { id: 'asc' },
    });
    expect(new Set(rows.map((row) => row.userId))).toEqual(new Set([alice.id, bob.id]));
    for (const row of rows) expect(() => Y.decodeUpdate(row.update)).not.toThrow();
    const stored = await kit.storedDoc(flow.id);
    expect(Object.keys(itemsOf(stored)).sort()).toEqual(
      ['alice-0', 'alice-1', 'alice-2', 'bob-0', 'bob-1'].sort(),
    );
    // updated_at is throttled, but the first write always lands.
    const document = await kit.prisma.document.findUniqueOrThrow({ where: { id: flow.id } });
    expect([alice.id, bob.id]).toContain(document.updatedById);

    await server.close();
    const restarted = await kit.startServer();
    const late = kit.connect(restarted.url, flow.name, bob.token);
    await waitForSynced(late);
    expect(itemsOf(late.document)).toEqual(itemsOf(stored));
  });

  it('compacts the log into snapshots without losing history or state', async () => {
    const server = await kit.startServer({
      env: { COLLAB_PERSIST_DELAY_MS: '0' },
      options: { compactEvery: 5 },
    });
    const { document: table, provider: client } = await kit.openAlone(server.url, 'table');
    for (let round = 0; round < 6; round += 1) {
      addItems(client.document, `round${round}`, 3);
      await waitForAcknowledged(client);
      await server.collab.flush();
    }

    const snapshots = await kit.prisma.documentSnapshot.findMany({ where: { documentId: table.id } });
    expect(snapshots).toHaveLength(1);
    const rows = await kit.prisma.documentUpdate.count({ where: { documentId: table.id } });
    expect(rows).toBeGreaterThanOrEqual(6);
    const stored = await kit.storedDoc(table.id);
    expect(itemsOf(stored)).toEqual(itemsOf(client.document));
    // History stays whole: replaying every row gives the same state as snapshot + tail.
    const replayed = new Y.Doc();
    for (const row of await kit.prisma.documentUpdate.findMany({ where: { documentId: table.id } })) {
      Y.applyUpdate(replayed, row.update);
    }
    expect(itemsOf(replayed)).toEqual(itemsOf(client.document));
  });

  it('unloads an idle document only after its updates are stored', async () => {
    // Nothing is written by the timer here: whatever is stored was flushed by the unload.
    const server = await kit.startServer({ env: { COLLAB_PERSIST_DELAY_MS: '60000' } });
    const { document: form, provider: client } = await kit.openAlone(server.url, 'taskForm');
    addItems(client.document, 'field', 10);
    await waitForAcknowledged(client);
    expect(server.collab.stats().documents).toBe(1);
    // Only the layout the server seeded at first load is stored; none of the edits yet.
    expect(await kit.prisma.documentUpdate.count({ where: { documentId: form.id } })).toBe(1);

    client.destroy();
    await expect.poll(() => server.collab.stats().documents, pollOptions).toBe(0);
    const stored = await kit.storedDoc(form.id);
    expect(Object.keys(itemsOf(stored))).toHaveLength(10);
  });

  it('merges offline edits of two clients (IndexedDB) when they come back', async () => {
    const server = await kit.startServer();
    const alice = await kit.createUser(['developer']);
    const bob = await kit.createUser(['developer']);
    const flow = await kit.createDocument('flow', alice);

    // Each client keeps its document in IndexedDB, as the console does.
    const open = async (storeName: string, token: string) => {
      const doc = new Y.Doc();
      const local = new IndexeddbPersistence(storeName, doc);
      await local.whenSynced;
      const provider = kit.connect(server.url, flow.name, token, { document: doc });
      return { doc, local, provider };
    };
    const first = await open('offline-alice', alice.token);
    const second = await open('offline-bob', bob.token);
    await waitForSynced(first.provider, second.provider);
    addItems(first.doc, 'online', 2);
    await expect.poll(() => Object.keys(itemsOf(second.doc)).length, pollOptions).toBe(2);

    // Both go offline, edit, and close the app.
    first.provider.disconnect();
    second.provider.disconnect();
    addItems(first.doc, 'alice-offline', 5);
    addItems(second.doc, 'bob-offline', 5);
    second.doc.getMap('items').delete('online-0');
    for (const client of [first, second]) {
      client.provider.destroy();
      await client.local.destroy();
      client.doc.destroy();
    }
    await expect.poll(() => server.collab.stats().documents, pollOptions).toBe(0);

    // Later they open the app again: IndexedDB restores the edits, the provider syncs them.
    const firstAgain = await open('offline-alice', alice.token);
    const secondAgain = await open('offline-bob', bob.token);
    const expected = [
      'online-1',
      ...Array.from({ length: 5 }, (_, index) => `alice-offline-${index}`),
      ...Array.from({ length: 5 }, (_, index) => `bob-offline-${index}`),
    ].sort();
    for (const client of [firstAgain, secondAgain]) {
      await expect.poll(() => Object.keys(itemsOf(client.doc)).sort(), pollOptions).toEqual(expected);
    }
    await waitForAcknowledged(firstAgain.provider, secondAgain.provider);
    await server.collab.flush();
    expect(Object.keys(itemsOf(await kit.storedDoc(flow.id))).sort()).toEqual(expected);
    for (const client of [firstAgain, secondAgain]) await client.local.destroy();
  });

  it('loses nothing when the server restarts in the middle of a burst of edits', async () => {
    const server = await kit.startServer();
    const { document: flow, first, second } = await kit.openPair(server.url);

    addItems(first.document, 'before-alice', 100);
    addItems(second.document, 'before-bob', 100);
    const closing = server.close();
    addItems(first.document, 'during-alice', 50);
    addItems(second.document, 'during-bob', 50);
    await closing;
    const restarted = await kit.startServer({ port: server.port });
    addItems(first.document, 'after-alice', 10);

    const expected = 310;
    for (const provider of [first, second]) {
      await expect.poll(() => Object.keys(itemsOf(provider.document)).length, pollOptions).toBe(expected);
    }
    await waitForAcknowledged(first, second);
    await restarted.collab.flush();
    expect(Object.keys(itemsOf(await kit.storedDoc(flow.id)))).toHaveLength(expected);
  });

  it('seeds a new document from its initial content exactly once, even when two servers open it together', async () => {
    const initDocument = (seed: { kind: string; initialContent: unknown }, doc: Y.Doc) => {
      doc.getMap('meta').set('kind', seed.kind);
      // The kind's current layout: an older one would be upgraded on load, by each server on its own.
      doc.getMap('meta').set('schemaVersion', emptyDocument(seed.kind as DocumentKind).schemaVersion);
      doc.getMap('items').set('imported', seed.initialContent);
    };
    const one = await kit.startServer({ options: { initDocument } });
    const two = await kit.startServer({ options: { initDocument } });
    const alice = await kit.createUser(['developer']);
    const form = await kit.createDocument('taskForm', alice, { initialContent: { title: 'Leave request' } });
    const first = kit.connect(one.url, form.name, alice.token);
    const second = kit.connect(two.url, form.name, alice.token);
    await waitForSynced(first, second);

    expect(itemsOf(first.document)).toEqual({ imported: { title: 'Leave request' } });
    expect(Y.encodeStateVector(first.document)).toEqual(Y.encodeStateVector(second.document));
    const rows = await kit.prisma.documentUpdate.findMany({ where: { documentId: form.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.userId).toBe(alice.id);

    // Without initial content a new document still gets its kind's layout.
    const blank = await kit.createDocument('trigger', alice);
    const third = kit.connect(one.url, blank.name, alice.token);
    await waitForSynced(third);
    expect(third.document.getMap('meta').get('kind')).toBe('trigger');
    expect(await kit.prisma.documentUpdate.count({ where: { documentId: blank.id } })).toBe(1);
  });

  it('shows presence with the account name the server knows, not the one a client claims', async () => {
    const server = await kit.startServer();
    const { alice, first, second } = await kit.openPair(server.url, { names: ['Alice Real', 'Bob Real'] });

    first.setAwarenessField('user', { name: 'Bob Real', color: '#ff0000' });
    await expect
      .poll(() => second.awareness?.getStates().get(first.document.clientID)?.user, pollOptions)
      .toEqual({ id: alice.id, name: 'Alice Real', color: '#ff0000' });
  });
});
