import { type TaskForm, taskFormSchema } from '@erp/shared';
import { taskFormFields, updateTaskForm } from '@erp/shared/documents';
import { taskFormSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

const unknownId = '5e0c3f1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('publish, versions, diff, restore, history', () => {
  let k: PublishKit;
  let ada: TestUser;
  let bob: TestUser;
  let rita: TestUser;
  let emma: TestUser;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    bob = await k.createUser(['developer'], { name: 'Bob Builder' });
    rita = await k.createUser(['reviewer'], { name: 'Rita Reviewer' });
    emma = await k.createUser(['employee'], { name: 'Emma Employee' });
  });

  const publish = (user: TestUser, id: string, message = '') =>
    k.as(user).send('post', `/api/documents/${id}/publish`, { message });

  it('publishes a document nobody opened yet, then answers 200 without a new version when nothing changed', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const first = await publish(ada, id, 'First cut').expect(201);
    expect(first.body).toEqual({
      created: true,
      version: expect.objectContaining({
        number: 1,
        status: 'live',
        message: 'First cut',
        author: { id: ada.user.id, name: 'Ada Developer' },
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    });
    const again = await publish(bob, id).expect(200);
    expect(again.body).toEqual({ created: false, version: first.body.version });
    const version = await k.as(rita).get(`/api/documents/${id}/versions/1`).expect(200);
    expect(taskFormSchema.parse(version.body.content)).toEqual(taskFormSample);
    const row = await k.prisma.documentVersion.findFirstOrThrow({ where: { documentId: id } });
    expect(row.stateVector.byteLength).toBeGreaterThan(0);
  });

  it('never misses an edit the author saw as synced, even before the collab server stored it', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const provider = await k.open(ada, 'taskForm', id);
    const stored = () => k.prisma.documentUpdate.count({ where: { documentId: id } });
    const before = await stored();
    updateTaskForm(provider.document, { title: 'Edited a moment ago' });
    await k.synced(provider);
    // The collab server of this kit keeps edits in memory for 2 s before it writes them.
    expect(await stored()).toBe(before);
    const published = await publish(ada, id).expect(201);
    const version = await k.as(ada).get(`/api/documents/${id}/versions/${published.body.version.number}`);
    expect(version.body.content.title).toBe('Edited a moment ago');
  });

  it('refuses an invalid draft with 422 and the issues by stable id, storing nothing', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const provider = await k.open(ada, 'taskForm', id);
    taskFormFields.update(provider.document, 'f01', { key: 'reason' });
    await k.synced(provider);
    const refused = await publish(ada, id).expect(422);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.details.issues).toContainEqual({
      path: ['fields', 'f02', 'key'],
      message: 'Another field has this key.',
      where: 'Field “Reason”',
      documentId: id,
    });
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(0);
    const preview = await k.as(ada).get(`/api/documents/${id}/publish/preview`).expect(200);
    expect(preview.body.issues).toEqual(refused.body.error.details.issues);
  });

  it('refuses an invalid draft of a published document in the transaction its version was begun in, storing nothing', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await publish(ada, id).expect(201);
    const provider = await k.open(ada, 'taskForm', id);
    taskFormFields.update(provider.document, 'f01', { key: 'reason' });
    await k.synced(provider);
    const audited = () =>
      k.prisma.auditEntry.count({ where: { targetId: id, action: 'document.published' } });
    const jobs = async () =>
      (
        await k.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'document.published' AND data->>'documentId' = $1`,
          [id],
        )
      ).rows[0]?.n;
    const refused = await publish(ada, id).expect(422);
    expect(refused.body.error.details.issues).toContainEqual(
      expect.objectContaining({ path: ['fields', 'f02', 'key'], documentId: id }),
    );
    const versions = await k.prisma.documentVersion.findMany({ where: { documentId: id } });
    expect(versions.map(({ number, status }) => ({ number, status }))).toEqual([
      { number: 1, status: 'live' },
    ]);
    expect(await audited()).toBe(1);
    expect(await jobs()).toBe(1);
    taskFormFields.update(provider.document, 'f01', { key: 'first' });
    await k.synced(provider);
    const next = await publish(ada, id).expect(201);
    expect(next.body.version.number).toBe(2);
    expect(await audited()).toBe(2);
  });

  it('previews the changes since the last version and who made them', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await publish(ada, id).expect(201);
    const adas = await k.open(ada, 'taskForm', id);
    const bobs = await k.open(bob, 'taskForm', id);
    updateTaskForm(adas.document, { title: 'Purchase request v2' });
    taskFormFields.update(bobs.document, 'f01', { label: 'Article' });
    await k.synced(adas);
    await k.synced(bobs);
    const preview = await k.as(rita).get(`/api/documents/${id}/publish/preview`).expect(200);
    expect(preview.body.baseVersion).toBe(1);
    expect(preview.body.requiresApproval).toBe(false);
    expect(preview.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ op: 'changed', entityType: 'document', property: 'title' }),
        expect.objectContaining({ op: 'changed', entityType: 'field', entityId: 'f01', property: 'label' }),
      ]),
    );
    expect(preview.body.changes).toHaveLength(2);
    const names = preview.body.authors.map((author: { user: { name: string } }) => author.user.name);
    expect(names.sort()).toEqual(['Ada Developer', 'Bob Builder']);
  });

  it('diffs versions, the draft and history points; refuses bad endpoints', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await publish(ada, id).expect(201);
    const provider = await k.open(bob, 'taskForm', id);
    taskFormFields.move(provider.document, 'f01', 5);
    await k.synced(provider);
    await publish(ada, id).expect(201);
    const diff = await k.as(rita).get(`/api/documents/${id}/diff`, { from: 1, to: 2 }).expect(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ op: 'moved', entityType: 'field', entityId: 'f01', property: 'order' }),
    ]);
    expect((await k.as(rita).get(`/api/documents/${id}/diff`, { from: 2, to: 'draft' })).body).toEqual({
      changes: [],
    });
    await k.as(rita).get(`/api/documents/${id}/diff`, { from: 'abc', to: 2 }).expect(400);
    await k.as(rita).get(`/api/documents/${id}/diff`, { from: 1 }).expect(400);
    await k.as(rita).get(`/api/documents/${id}/diff`, { from: 1, to: 99 }).expect(404);
    await k.as(rita).get(`/api/documents/${id}/versions/99`).expect(404);
    await k.as(rita).get(`/api/documents/${unknownId}/versions`).expect(404);

    const history = await k.as(rita).get(`/api/documents/${id}/history`).expect(200);
    const [latest] = history.body.items;
    expect(history.body.items).toHaveLength(2);
    expect(latest).toMatchObject({ author: { id: bob.user.id, name: 'Bob Builder' }, edits: 1 });
    const point = await k.as(rita).get(`/api/documents/${id}/history/${latest.id}`).expect(200);
    expect(point.body.point).toEqual(latest);
    expect((point.body.content as TaskForm).fields.map((field) => field.id).indexOf('f01')).toBe(5);
    const sinceFirst = await k
      .as(rita)
      .get(`/api/documents/${id}/diff`, { from: `history:${history.body.items.at(-1).id}`, to: 'draft' })
      .expect(200);
    expect(sinceFirst.body.changes).toEqual([expect.objectContaining({ op: 'moved', entityId: 'f01' })]);
    await k.as(rita).get(`/api/documents/${id}/history/1`).expect(404);
  });

  it('restores a version while two collaborators are connected: both end exactly at it, nothing duplicated', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await publish(ada, id).expect(201);
    const adas = await k.open(ada, 'taskForm', id);
    const bobs = await k.open(bob, 'taskForm', id);
    taskFormFields.add(adas.document, { id: 'added-by-ada', type: 'text', key: 'extra', label: 'Extra' });
    updateTaskForm(bobs.document, { title: 'Changed by Bob' });
    taskFormFields.remove(bobs.document, 'f03');
    await k.synced(adas);
    await k.synced(bobs);
    const restored = await k.as(ada).send('post', `/api/documents/${id}/restore`, { version: 1 }).expect(200);
    expect(restored.body).toEqual({ changed: true });
    for (const provider of [adas, bobs]) {
      await expect.poll(() => k.read('taskForm', provider), pollOptions).toEqual(taskFormSample);
    }
    const exported = await k.as(rita).get(`/api/documents/${id}/export`).expect(200);
    expect(exported.body).toEqual(taskFormSample);
    expect((await k.as(ada).send('post', `/api/documents/${id}/restore`, { version: 1 })).body).toEqual({
      changed: false,
    });
    const author = await k.prisma.documentUpdate.findFirstOrThrow({
      where: { documentId: id },
      orderBy: { id: 'desc' },
    });
    expect(author.userId).toBe(ada.user.id);
    const audit = await k.prisma.auditEntry.findFirstOrThrow({
      where: { targetId: id, action: 'document.restored' },
    });
    expect(audit.details).toEqual({ number: 1, changed: true });
    await k.as(ada).send('post', `/api/documents/${id}/restore`, { version: 7 }).expect(404);
  });

  it('replaces the draft with imported content, reporting what is wrong by path', async () => {
    const id = await k.createDocument(ada, 'taskForm');
    const provider = await k.open(bob, 'taskForm', id);
    const broken = { ...taskFormSample, fields: [{ ...taskFormSample.fields[0], key: 'Not A Key' }] };
    const refused = await k
      .as(ada)
      .send('put', `/api/documents/${id}/content`, { content: broken })
      .expect(422);
    expect(refused.body.error.details.issues).toContainEqual(
      expect.objectContaining({ path: ['content', 'fields', 'f01', 'key'] }),
    );
    await k.as(ada).send('put', `/api/documents/${id}/content`, {}).expect(400);
    await k.as(ada).send('put', `/api/documents/${id}/content`, { content: taskFormSample }).expect(200);
    await expect.poll(() => k.read('taskForm', provider), pollOptions).toEqual(taskFormSample);
  });

  it('lets only developers and admins publish, restore and import; employees see nothing', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await publish(rita, id).expect(403);
    await k.as(rita).send('post', `/api/documents/${id}/restore`, { version: 1 }).expect(403);
    await k.as(rita).send('put', `/api/documents/${id}/content`, { content: taskFormSample }).expect(403);
    await k.as(emma).get(`/api/documents/${id}/versions`).expect(403);
    await k.as(emma).get(`/api/documents/${id}/publish/preview`).expect(403);
    await publish(ada, unknownId).expect(404);
    await k.as(ada).send('post', `/api/documents/${id}/publish`, { message: 'x', extra: true }).expect(400);
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(0);
  });
});
