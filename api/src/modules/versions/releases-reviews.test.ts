import { findLiveVersion } from '@erp/prisma';
import { emptyFlow, type Flow } from '@erp/shared';
import { taskFormFields } from '@erp/shared/documents';
import { taskFormSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';
import { findDocument } from './drafts';
import { storeVersion, toPublishable } from './publishing';

// start → a level using `formId` → end; started by hand, so no condition reads unknown data.
function flowUsing(formId: string): Flow {
  const flow = emptyFlow();
  const level = { name: 'Review', description: '', position: { x: 0, y: 120 } };
  flow.nodes.push({
    ...level,
    id: 'review',
    type: 'task',
    taskFormId: formId,
    assignment: { type: 'managerOfRequester' },
  });
  flow.edges = [
    { id: 'to-review', source: 'start', target: 'review', label: '', priority: 0, isDefault: false },
    { id: 'to-end', source: 'review', target: 'end', label: '', priority: 0, isDefault: false },
  ];
  return flow;
}

describe('releases, concurrent publishes, approval and reviews', () => {
  let k: PublishKit;
  let ada: TestUser;
  let bob: TestUser;
  let rita: TestUser;
  let root: TestUser;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    bob = await k.createUser(['developer'], { name: 'Bob Builder' });
    rita = await k.createUser(['reviewer'], { name: 'Rita Reviewer' });
    root = await k.createUser(['admin'], { name: 'Root Admin' });
  });

  const jobsSent = async (documentId: string) =>
    (
      await k.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'document.published' AND data->>'documentId' = $1`,
        [documentId],
      )
    ).rows[0]?.n;

  it('publishes a flow with the form it references as one release, and refuses either half alone', async () => {
    const form = await k.createDocument(ada, 'taskForm', taskFormSample);
    const flow = await k.createDocument(ada, 'flow', flowUsing(form));
    const alone = await k.as(ada).send('post', `/api/documents/${flow}/publish`).expect(422);
    expect(alone.body.error.details.issues).toEqual([
      {
        path: ['nodes', 'review', 'taskFormId'],
        message: 'No published task form has this id.',
        documentId: flow,
      },
    ]);
    await k
      .as(ada)
      .send('post', '/api/releases', { documentIds: [flow] })
      .expect(422);

    const release = await k
      .as(ada)
      .send('post', '/api/releases', { documentIds: [flow, form], message: 'Purchase approval' })
      .expect(201);
    expect(release.body.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ documentId: form, kind: 'taskForm', created: true }),
        expect.objectContaining({ documentId: flow, kind: 'flow', created: true }),
      ]),
    );
    expect((await findLiveVersion(k.prisma, flow))?.number).toBe(1);
    expect(await jobsSent(flow)).toBe(1);
    const audit = await k.prisma.auditEntry.findFirstOrThrow({ where: { action: 'release.created' } });
    expect(audit.targetId).toBe(release.body.id);
    await k
      .as(ada)
      .send('post', '/api/releases', { documentIds: [flow, flow] })
      .expect(400);
  });

  it('refuses a whole release when one document is invalid, storing nothing', async () => {
    const good = await k.createDocument(ada, 'taskForm', taskFormSample);
    const bad = await k.createDocument(ada, 'taskForm', taskFormSample);
    const provider = await k.open(ada, 'taskForm', bad);
    taskFormFields.update(provider.document, 'f02', { key: 'item' });
    await k.synced(provider);
    const refused = await k
      .as(ada)
      .send('post', '/api/releases', { documentIds: [good, bad] })
      .expect(422);
    expect(refused.body.error.details.issues).toContainEqual(
      expect.objectContaining({ documentId: bad, path: ['fields', 'f02', 'key'] }),
    );
    expect(await k.prisma.documentVersion.count({ where: { documentId: { in: [good, bad] } } })).toBe(0);
    expect(await k.prisma.release.count({ where: { versions: { some: { documentId: good } } } })).toBe(0);
  });

  it('gives concurrent publishes consecutive numbers, never two equal ones', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const same = await Promise.all(
      Array.from({ length: 6 }, () => k.as(ada).send('post', `/api/documents/${id}/publish`)),
    );
    expect(same.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(same.map((response) => response.body.version.number))).toEqual(new Set([1]));

    const document = await findDocument(k.deps, id);
    const actor = { ...ada.user, sessionId: 'test' } as never;
    const contents = Array.from({ length: 8 }, (_, index) => ({
      ...taskFormSample,
      title: `Title ${index}`,
    }));
    const stored = await Promise.all(
      contents.map((content) =>
        k.deps.prisma.$transaction((tx) =>
          storeVersion(
            tx,
            k.deps,
            actor,
            toPublishable(document, { content, stateVector: new Uint8Array([0]) }),
            { message: '' },
          ),
        ),
      ),
    );
    expect(stored.map(({ row }) => row.number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const live = await k.prisma.documentVersion.findMany({ where: { documentId: id, status: 'live' } });
    expect(live).toHaveLength(1);
  });

  it('with approval required, a candidate goes live only when someone else approves it', async () => {
    await k.as(rita).send('put', '/api/settings/publishing', { requiresApproval: true }).expect(403);
    await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: true }).expect(200);
    expect((await k.as(rita).get('/api/settings/publishing').expect(200)).body).toEqual({
      requiresApproval: true,
    });
    try {
      const id = await k.createDocument(ada, 'taskForm', taskFormSample);
      const published = await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
      expect(published.body.version).toMatchObject({ number: 1, status: 'candidate', approvedBy: null });
      expect(await findLiveVersion(k.prisma, id)).toBeNull();
      expect(await jobsSent(id)).toBe(0);

      const reviews = `/api/documents/${id}/versions/1/reviews`;
      await k.as(ada).send('post', reviews, { decision: 'approve' }).expect(403);
      const thread = await k
        .as(rita)
        .send('post', reviews, { decision: 'requestChanges', body: 'Label this better', entityId: 'f01' })
        .expect(201);
      await k
        .as(bob)
        .send('post', reviews, { decision: 'comment', body: 'Done', parentId: thread.body.id })
        .expect(201);
      await k.as(bob).send('post', reviews, { decision: 'comment', body: '' }).expect(400);
      await k.as(rita).send('post', reviews, { decision: 'approve', body: 'Good now' }).expect(201);
      await k.as(bob).send('post', reviews, { decision: 'approve' }).expect(409);

      const listed = await k.as(ada).get(reviews).expect(200);
      expect(listed.body.items.map((review: { decision: string }) => review.decision)).toEqual([
        'requestChanges',
        'comment',
        'approve',
      ]);
      expect(listed.body.items[1]).toMatchObject({
        parentId: thread.body.id,
        author: { name: 'Bob Builder' },
      });
      expect(listed.body.items[0]).toMatchObject({ entityId: 'f01', versionNumber: 1 });
      const live = await k.as(ada).get(`/api/documents/${id}/versions/1`).expect(200);
      expect(live.body).toMatchObject({
        status: 'live',
        approvedBy: { id: rita.user.id, name: 'Rita Reviewer' },
      });
      expect((await findLiveVersion(k.prisma, id))?.number).toBe(1);
      expect(await jobsSent(id)).toBe(1);
      expect(await k.prisma.auditEntry.count({ where: { targetId: id, action: 'version.approved' } })).toBe(
        1,
      );
      await k.as(rita).get(`/api/documents/${id}/versions/2/reviews`).expect(404);
    } finally {
      await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: false }).expect(200);
    }
  });
});
