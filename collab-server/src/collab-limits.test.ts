import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItems, createCollabTestKit, itemsOf, pollOptions } from './testing/collab-test-kit';
import { closeCodesOf, openRawSocket } from './testing/observers';
import {
  authMessage,
  isPermissionDenied,
  isRefusedUpdate,
  syncStep1Message,
  updateMessage,
} from './testing/protocol';

const kit = await createCollabTestKit();

describe('what connected clients may do', () => {
  it('lets reviewers read while their updates are neither applied, stored nor broadcast', async () => {
    const server = await kit.startServer({ env: { COLLAB_PERSIST_DELAY_MS: '0' } });
    const pair = await kit.openPair(server.url, { roles: [['developer'], ['reviewer']] });
    const { bob: reviewer, document: flow, first: writer, second: reader } = pair;
    let refused = 0;
    reader.on('message', ({ event }: { event: MessageEvent }) => {
      if (isRefusedUpdate(event.data as ArrayBuffer)) refused += 1;
    });
    expect([writer.authorizedScope, reader.authorizedScope]).toEqual(['read-write', 'readonly']);
    addItems(writer.document, 'draft', 2);
    await expect.poll(() => Object.keys(itemsOf(reader.document)), pollOptions).toHaveLength(2);

    // A live update from the reviewer…
    reader.document.getMap('items').set('reviewer-edit', 'sneaky');
    await expect.poll(() => refused, pollOptions).toBeGreaterThanOrEqual(1);
    // …and the same change again in the sync handshake after a reconnect.
    reader.disconnect();
    await expect.poll(() => reader.configuration.websocketProvider.status, pollOptions).toBe('disconnected');
    reader.document.getText('notes').insert(0, 'offline reviewer note');
    const refusedBefore = refused;
    void reader.connect();
    await expect.poll(() => refused, pollOptions).toBeGreaterThan(refusedBefore);

    // Broadcasts keep flowing to the reviewer, and never carry the reviewer's changes.
    addItems(writer.document, 'after', 1);
    await expect.poll(() => itemsOf(reader.document)['after-0'], pollOptions).toBe('after-0');
    expect(itemsOf(writer.document)['reviewer-edit']).toBeUndefined();
    expect(writer.document.getText('notes').toString()).toBe('');
    const serverDoc = server.collab.hocuspocus.documents.get(flow.name);
    expect(serverDoc?.getMap('items').get('reviewer-edit')).toBeUndefined();
    expect(serverDoc?.getText('notes').toString()).toBe('');

    await server.collab.flush();
    expect(await kit.prisma.documentUpdate.count({ where: { userId: reviewer.id } })).toBe(0);
    const stored = await kit.storedDoc(flow.id);
    expect(itemsOf(stored)['reviewer-edit']).toBeUndefined();
    expect(stored.getText('notes').toString()).toBe('');
  });

  it('refuses an oversized message; the document is unchanged and other clients carry on', async () => {
    const server = await kit.startServer({ env: { COLLAB_MAX_MESSAGE_BYTES: String(64 * 1024) } });
    const { alice: developer, document: flow, first: sender, second: other } = await kit.openPair(server.url);
    const codes = closeCodesOf(sender);

    sender.document.getText('huge').insert(0, 'x'.repeat(100 * 1024));
    await expect.poll(() => codes, pollOptions).toContain(1009);
    sender.destroy();

    addItems(other.document, 'small', 1);
    const check = kit.connect(server.url, flow.name, developer.token);
    await expect.poll(() => itemsOf(check.document), pollOptions).toEqual({ 'small-0': 'small-0' });
    expect(check.document.getText('huge').length).toBe(0);
    expect(server.collab.hocuspocus.documents.get(flow.name)?.getText('huge').length).toBe(0);
  });

  it('refuses malformed updates before they touch the document; other clients are unaffected', async () => {
    const server = await kit.startServer({ env: { COLLAB_PERSIST_DELAY_MS: '0' } });
    const { user: developer, document: flow, provider: other } = await kit.openAlone(server.url);
    addItems(other.document, 'existing', 3);
    await expect
      .poll(
        () => Object.keys(itemsOf(server.collab.hocuspocus.documents.get(flow.name) ?? new Y.Doc())),
        pollOptions,
      )
      .toHaveLength(3);
    const serverDoc = server.collab.hocuspocus.documents.get(flow.name) as Y.Doc;
    const stateBefore = Y.encodeStateAsUpdate(serverDoc);

    const source = new Y.Doc();
    source.getMap('items').set('injected', 'half-applied');
    const valid = Y.encodeStateAsUpdate(source);
    const payloads = {
      // Complete structs, truncated delete set: Yjs itself would apply the structs and then throw.
      truncatedDeleteSet: valid.slice(0, -1),
      truncated: valid.slice(0, valid.length - 6),
      garbage: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      empty: new Uint8Array(),
    };
    const messages = Object.entries(payloads).map(([label, payload]) => {
      expect(() => Y.decodeUpdate(payload), label).toThrow();
      return [label, updateMessage(flow.name, payload)] as const;
    });
    // A frame whose update claims more bytes than it carries.
    const lying = updateMessage(flow.name, valid);
    messages.push(['lyingLength', lying.subarray(0, lying.length - 4)]);
    for (const [label, message] of messages) {
      const raw = await openRawSocket(server);
      raw.ws.send(authMessage(flow.name, developer.token));
      await expect.poll(() => raw.messages.length, pollOptions).toBeGreaterThan(0);
      raw.ws.send(message);
      expect(await raw.closed, label).toEqual({ code: 1007, reason: 'malformed-message' });
    }

    expect(Y.encodeStateAsUpdate(serverDoc)).toEqual(stateBefore);
    expect(itemsOf(serverDoc).injected).toBeUndefined();
    addItems(other.document, 'later', 1);
    const check = kit.connect(server.url, flow.name, developer.token);
    await expect
      .poll(() => Object.keys(itemsOf(check.document)).sort(), pollOptions)
      .toEqual(['existing-0', 'existing-1', 'existing-2', 'later-0']);
    await server.collab.flush();
    expect(itemsOf(await kit.storedDoc(flow.id)).injected).toBeUndefined();
  });
});

describe('sockets that never authenticate', () => {
  it('are closed after the authentication deadline', async () => {
    const server = await kit.startServer({ options: { authTimeoutMs: 200 } });
    const raw = await openRawSocket(server);
    expect(await raw.closed).toEqual({ code: 4408, reason: 'authentication-timeout' });
    await expect.poll(() => server.collab.stats().sockets, pollOptions).toBe(0);
  });

  it('are cut off when they send too much before authenticating, and leave nothing behind', async () => {
    const server = await kit.startServer({ options: { maxUnauthenticatedBytes: 64 * 1024 } });
    const flood = await openRawSocket(server);
    const name = `flow:${randomUUID()}`;
    for (let index = 0; index < 20; index += 1) {
      flood.ws.send(syncStep1Message(name, new Uint8Array(8 * 1024).fill(1)));
    }
    expect((await flood.closed).code).toBe(1008);

    // Many document names at once: Hocuspocus' own cap on pending documents closes the socket.
    const fanOut = await openRawSocket(server);
    for (let index = 0; index < 30; index += 1) {
      fanOut.ws.send(syncStep1Message(`flow:${randomUUID()}`, new Uint8Array([0])));
    }
    await fanOut.closed;

    // Probing names with a valid session ends the socket after repeated refusals.
    const developer = await kit.createUser(['developer']);
    const prober = await openRawSocket(server);
    for (let index = 1; index < 20; index += 1) {
      prober.ws.send(authMessage(`flow:${randomUUID()}`, developer.token));
      await expect.poll(() => prober.messages.filter(isPermissionDenied).length, pollOptions).toBe(index);
    }
    prober.ws.send(authMessage(`flow:${randomUUID()}`, developer.token));
    expect(await prober.closed).toEqual({ code: 1008, reason: 'too-many-refusals' });

    await expect.poll(() => server.collab.stats(), pollOptions).toEqual({ sockets: 0, documents: 0 });
  });
});
