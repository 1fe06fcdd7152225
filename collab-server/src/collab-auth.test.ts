import { randomUUID } from 'node:crypto';
import { hashSessionToken, revokeSession } from '@erp/prisma';
import { describe, expect, it, vi } from 'vitest';
import {
  addItems,
  createCollabTestKit,
  itemsOf,
  pollOptions,
  type RunningServer,
  waitForSynced,
} from './testing/collab-test-kit';
import { closeCodesOf, handshakeStatus, openRawSocket, refusalsOf } from './testing/observers';
import { authMessage, isPermissionDenied } from './testing/protocol';

const kit = await createCollabTestKit();

/** Spies on document loads: nothing may load for a refused client. */
function watchLoads(server: RunningServer) {
  return vi.spyOn(server.collab.hocuspocus, 'createDocument');
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
    // DNS rebinding: a foreign name pointed at us, with an Origin that matches it.
    const rebound = {
      Host: `attacker.example:${server.port}`,
      Origin: `http://attacker.example:${server.port}`,
    };
    expect(await handshakeStatus(server.url, { ...rebound, Cookie: cookie })).toBe(403);

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
