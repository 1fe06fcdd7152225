import { notifyCollab } from '@erp/prisma';
import { type CollabNotice, parseCollabNotice, type Role } from '@erp/shared';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { describe, expect, it } from 'vitest';
import {
  createCollabTestKit,
  itemsOf,
  pollOptions,
  waitForAcknowledged,
  waitForSynced,
} from './testing/collab-test-kit';
import { refusalsOf } from './testing/observers';

// What the API does when an admin changes roles or someone archives or deletes a document: the change and a
// NOTIFY in one transaction (users.service.ts, documents.service.ts). Every collab process LISTENs.
const kit = await createCollabTestKit();

function noticesOf(provider: HocuspocusProvider): CollabNotice[] {
  const notices: CollabNotice[] = [];
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const notice = parseCollabNotice(payload);
    if (notice) notices.push(notice);
  });
  return notices;
}

async function changeRoles(userId: string, roles: Role[]) {
  await kit.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { roles } });
    await notifyCollab(tx, { type: 'userAccessChanged', userId });
  });
}

const storedBy = (userId: string) => kit.prisma.documentUpdate.count({ where: { userId } });

describe('access changes reach open connections at once, in every collab process', () => {
  it('a developer demoted to reviewer goes read-only, to employee is closed, on every process', async () => {
    const [first, second] = [await kit.startServer(), await kit.startServer()];
    const pair = await kit.openPair(second.url);
    const { bob: demoted, second: provider, first: colleague } = pair;
    const notices = noticesOf(provider);
    // The same user on another process, with another document, is downgraded too.
    const elsewhere = kit.connect(
      first.url,
      (await kit.createDocument('flow', pair.alice)).name,
      demoted.token,
    );
    const noticesElsewhere = noticesOf(elsewhere);
    await waitForSynced(elsewhere);
    provider.document.getMap('items').set('before', 'stored');
    await waitForAcknowledged(provider);

    await changeRoles(demoted.id, ['reviewer']);
    await expect.poll(() => notices, pollOptions).toEqual([{ type: 'accessChanged', access: 'read' }]);
    await expect
      .poll(() => noticesElsewhere, pollOptions)
      .toEqual([{ type: 'accessChanged', access: 'read' }]);
    provider.document.getMap('items').set('after-demotion', 'dropped');
    // A marker from the colleague proves the demoted edit had its chance to arrive.
    colleague.document.getMap('items').set('marker', 'seen');
    await expect.poll(() => itemsOf(provider.document).marker, pollOptions).toBe('seen');
    await waitForAcknowledged(colleague);
    expect(itemsOf(colleague.document)['after-demotion']).toBeUndefined();
    await second.collab.flush();
    expect(itemsOf(await kit.storedDoc(pair.document.id))).toEqual({ before: 'stored', marker: 'seen' });

    await changeRoles(demoted.id, ['employee']);
    await expect.poll(() => notices.at(-1), pollOptions).toEqual({ type: 'accessChanged', access: 'none' });
    await expect
      .poll(() => noticesElsewhere.at(-1), pollOptions)
      .toEqual({ type: 'accessChanged', access: 'none' });
    await expect.poll(() => [provider.isSynced, elsewhere.isSynced], pollOptions).toEqual([false, false]);
    expect(await storedBy(demoted.id)).toBe(1);
  });

  it('a reviewer promoted to developer can write without reconnecting', async () => {
    const server = await kit.startServer();
    const pair = await kit.openPair(server.url, { roles: [['developer'], ['reviewer']] });
    const notices = noticesOf(pair.second);
    await changeRoles(pair.bob.id, ['developer']);
    await expect.poll(() => notices, pollOptions).toEqual([{ type: 'accessChanged', access: 'write' }]);
    pair.second.document.getMap('items').set('promoted', 'kept');
    await expect.poll(() => itemsOf(pair.first.document).promoted, pollOptions).toBe('kept');
  });
});

describe('archiving or deleting a document closes its connections, saying who did it', () => {
  it.each(['archived', 'deleted'] as const)(
    '%s: every editor is told, and no later edit is stored',
    async (reason) => {
      const [first, second] = [await kit.startServer(), await kit.startServer()];
      const pair = await kit.openPair([first.url, second.url], { names: ['Ada', 'Bob'] });
      const notices = [noticesOf(pair.first), noticesOf(pair.second)];
      pair.first.document.getMap('items').set('kept', 'yes');
      await waitForAcknowledged(pair.first);

      const by = { id: pair.alice.id, name: 'Ada' };
      await kit.prisma.$transaction(async (tx) => {
        if (reason === 'archived') {
          await tx.document.update({ where: { id: pair.document.id }, data: { archivedAt: new Date() } });
        }
        await notifyCollab(tx, { type: 'documentRemoved', documentId: pair.document.id, reason, by });
      });
      for (const received of notices) {
        await expect.poll(() => received, pollOptions).toEqual([{ type: 'documentRemoved', reason, by }]);
      }
      await expect
        .poll(() => [pair.first.isSynced, pair.second.isSynced], pollOptions)
        .toEqual([false, false]);
      pair.second.document.getMap('items').set('too-late', 'dropped');
      if (reason === 'archived') {
        // A reconnect is refused (archived), so the late edit never arrives; what came before is kept.
        const late = kit.connect(first.url, pair.document.name, pair.bob.token);
        const refusals = refusalsOf(late);
        await expect.poll(() => refusals, pollOptions).toContain('not-found');
        await Promise.all([first.collab.flush(), second.collab.flush()]);
        expect(itemsOf(await kit.storedDoc(pair.document.id))).toEqual({ kept: 'yes' });
      }
    },
  );

  it('ignores malformed events and events for documents nobody has open', async () => {
    const server = await kit.startServer();
    const { provider } = await kit.openAlone(server.url);
    await kit.prisma.$executeRaw`SELECT pg_notify('erp_collab_event', 'not json')`;
    await kit.prisma.$executeRaw`SELECT pg_notify('erp_collab_event', '{"type":"documentRemoved"}')`;
    await kit.prisma.$transaction((tx) =>
      notifyCollab(tx, {
        type: 'documentRemoved',
        documentId: crypto.randomUUID(),
        reason: 'deleted',
        by: null,
      }),
    );
    provider.document.getMap('items').set('still', 'writing');
    await waitForAcknowledged(provider);
    await waitForSynced(provider);
  });
});
