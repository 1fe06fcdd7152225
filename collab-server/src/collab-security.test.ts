import { randomUUID } from 'node:crypto';
import { hashSessionToken, revokeSession } from '@erp/prisma';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  addItems,
  createCollabTestKit,
  itemsOf,
  pollOptions,
  type RunningServer,
  waitForSynced,
} from './testing/collab-test-kit';
import {
  authMessage,
  isPermissionDenied,
  isRefusedUpdate,
  syncStep1Message,
  updateMessage,
} from './testing/protocol';

const kit = await createCollabTestKit();

/** Collects the reasons a provider was refused. */
function refusalsOf(provider: HocuspocusProvider): string[] {
  const reasons: string[] = [];
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => reasons.push(reason));
  return reasons;
}

/** Collects the close codes a provider's socket saw. */
function closeCodesOf(provider: HocuspocusProvider): number[] {
  const codes: number[] = [];
  provider.on('close', ({ event }: { event: { code: number } }) => codes.push(event.code));
  return codes;
}

/** Spies on document loads: nothing may load for a refused client. */
function watchLoads(server: RunningServer) {
  return vi.spyOn(server.collab.hocuspocus, 'createDocument');
}

/** A bare WebSocket speaking the Hocuspocus protocol by hand. */
async function openRawSocket(server: RunningServer) {
  const ws = new WebSocket(server.url);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

/** The HTTP status of a WebSocket handshake with these headers (101 when accepted). */
function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

describe('who may connect', () => {
  it('refuses missing, malformed, unknown, expired and disabled sessions, and users without access', async () => {
    const server = await kit.startServer();
    const loads = watchLoads(server);
    const owner = await kit.createUser(['developer']);
    const flow = await kit.createDocument('flow', owner);
    const expired = await kit.createUser(['developer']);
    await kit.prisma.session.updateMany({ where: { userId: expired.id }, data: { expiresAt: new Date(0) } });
    const disabled = await kit.createUser(['developer']);
    await kit.prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const employee = await kit.createUser(['employee']);
    const loggedOut = await kit.createUser(['developer']);
    await revokeSession(kit.prisma, hashSessionToken(loggedOut.token));

    const tokens = {
      missing: '',
      malformed: 'not a token; DROP TABLE sessions',
      unknown: 'a'.repeat(52),
      expired: expired.token,
      disabled: disabled.token,
      loggedOut: loggedOut.token,
      employee: employee.token,
    };
    const attempts = Object.entries(tokens).map(([label, token]) => {
      const provider = kit.connect(server.url, flow.name, token);
      return { label, provider, reasons: refusalsOf(provider) };
    });
    for (const attempt of attempts) {
      await expect
        .poll(() => attempt.reasons.length, { ...pollOptions, message: attempt.label })
        .toBeGreaterThan(0);
      expect(attempt.provider.isSynced).toBe(false);
    }
    expect(loads).not.toHaveBeenCalled();
    expect(server.collab.stats().documents).toBe(0);
  });

  it('refuses hostile document names before anything loads', async () => {
    const server = await kit.startServer();
    const loads = watchLoads(server);
    const developer = await kit.createUser(['developer']);
    const flow = await kit.createDocument('flow', developer);
    const archived = await kit.createDocument('flow', developer, { archived: true });
    const names = [
      `taskForm:${flow.id}`,
      `flow:${randomUUID()}`,
      `flow:${archived.id}`,
      `flow:${flow.id.toUpperCase()}`,
      `FLOW:${flow.id}`,
      `flow:../${flow.id}`,
      `../../flow:${flow.id}`,
      `flow:${flow.id}/../../etc/passwd`,
      `flow:${flow.id}%00`,
      `flow:${flow.id}\u200b`,
      ` flow:${flow.id}`,
      `flow:${flow.id}\n`,
      `flow:${flow.id}🙂`,
      `__proto__:${flow.id}`,
      'flow:',
      '',
    ];
    const attempts = names.map((name) => {
      const provider = kit.connect(server.url, name, developer.token);
      return { name, reasons: refusalsOf(provider) };
    });
    for (const attempt of attempts) {
      await expect
        .poll(() => attempt.reasons, { ...pollOptions, message: JSON.stringify(attempt.name.slice(0, 60)) })
        .toEqual([expect.stringMatching(/^(invalid-document-name|not-found)$/)]);
    }
    expect(loads).not.toHaveBeenCalled();
    expect(server.collab.stats().documents).toBe(0);

    // Names a provider would not send: huge, not UTF-8, not Unicode. Refused or cut off, never loaded.
    const encode = (text: string) => new TextEncoder().encode(text);
    const rawNames = {
      huge: encode(`flow:${'a'.repeat(100_000)}`),
      notUtf8: new Uint8Array([...encode('flow:'), 0xc3, 0x28, 0xff, 0xfe]),
      loneSurrogate: encode(`flow:\ud800${flow.id.slice(1)}`),
      truncatedUuid: encode(flow.name.slice(0, -1)),
    };
    for (const [label, name] of Object.entries(rawNames)) {
      const raw = await openRawSocket(server);
      raw.ws.send(authMessage(name, developer.token));
      const outcome = await Promise.race([
        raw.closed.then(({ code }) => `closed ${code}`),
        expect
          .poll(() => raw.messages.some(isPermissionDenied), pollOptions)
          .toBe(true)
          .then(() => 'refused'),
      ]);
      expect(['closed 1007', 'refused'], label).toContain(outcome);
      raw.ws.close();
    }
    expect(loads).not.toHaveBeenCalled();

    // The same user and socket setup reach the real document.
    const allowed = kit.connect(server.url, flow.name, developer.token);
    await waitForSynced(allowed);
  });

  it('takes the session cookie from a same-origin browser and refuses cross-site handshakes', async () => {
    const server = await kit.startServer();
    const developer = await kit.createUser(['developer']);
    const flow = await kit.createDocument('flow', developer);
    const sameOrigin = `http://127.0.0.1:${server.port}`;
    const browser = kit.connect(server.url, flow.name, '', {
      headers: { Origin: sameOrigin, Cookie: `theme=dark; erp_session=${developer.token}` },
    });
    await waitForSynced(browser);

    const cookie = `erp_session=${developer.token}`;
    expect(await handshakeStatus(server.url, { Origin: 'https://evil.example', Cookie: cookie })).toBe(403);
    expect(await handshakeStatus(server.url, { Origin: 'null', Cookie: cookie })).toBe(403);
    expect(await handshakeStatus(server.url, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await handshakeStatus(server.url, { 'Sec-Fetch-Site': 'cross-site', Cookie: cookie })).toBe(403);
    expect(await handshakeStatus(server.url.replace('/collab', '/elsewhere'), {})).toBe(404);

    const behindProxy = await kit.startServer({ env: { PUBLIC_URL: 'https://erp.example.com' } });
    expect(await handshakeStatus(behindProxy.url, { Origin: 'https://erp.example.com' })).toBe(101);
    expect(await handshakeStatus(behindProxy.url, { Origin: `http://127.0.0.1:${behindProxy.port}` })).toBe(
      403,
    );
  });

  it('closes the sockets of a revoked session, and only those', async () => {
    const server = await kit.startServer();
    const pair = await kit.openPair(server.url);
    const { alice: developer, bob: colleague, document: flow, first: revoked, second: other } = pair;
    const codes = closeCodesOf(revoked);
    const reasons = refusalsOf(revoked);

    await revokeSession(kit.prisma, hashSessionToken(developer.token));
    await expect.poll(() => codes, pollOptions).toContain(4401);
    // It reconnects by itself and is refused from then on.
    await expect.poll(() => reasons, pollOptions).toContain('unauthenticated');

    addItems(other.document, 'still-working', 1);
    const check = kit.connect(server.url, flow.name, colleague.token);
    await expect
      .poll(() => itemsOf(check.document), pollOptions)
      .toEqual({ 'still-working-0': 'still-working-0' });
  });

  it('still closes revoked sessions after its LISTEN connection was cut', async () => {
    const listenerPids = async () =>
      (
        await kit.prisma.$queryRaw<{ pid: number }[]>`
          SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`
      ).map((row) => row.pid);
    const others = await listenerPids();
    const server = await kit.startServer();
    const { alice, first } = await kit.openPair(server.url);
    const codes = closeCodesOf(first);
    await expect.poll(async () => (await listenerPids()).length, pollOptions).toBe(others.length + 1);
    const ours = (await listenerPids()).filter((pid) => !others.includes(pid));

    await kit.prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM unnest(${ours}::int[]) AS pid`;
    // Revoked while the listener may still be reconnecting: the re-check on reconnect catches it.
    await revokeSession(kit.prisma, hashSessionToken(alice.token));
    await expect.poll(() => codes, pollOptions).toContain(4401);
    await expect
      .poll(
        async () => (await listenerPids()).filter((pid) => !others.includes(pid) && !ours.includes(pid)),
        pollOptions,
      )
      .toHaveLength(1);
  });

  it('closes the sockets of a session that expires while they are open', async () => {
    const server = await kit.startServer({ options: { sessionRecheckMs: 100 } });
    const { user: developer, provider } = await kit.openAlone(server.url);
    const codes = closeCodesOf(provider);

    // Expired, not deleted: no NOTIFY, so the periodic re-check has to find it.
    await kit.prisma.session.updateMany({
      where: { userId: developer.id },
      data: { expiresAt: new Date(0) },
    });
    await expect.poll(() => codes, pollOptions).toContain(4401);
  });
});

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
