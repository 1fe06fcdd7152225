import { taskFormFields, updateTaskForm } from '@erp/shared/documents';
import { taskFormSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

const unknownId = '5e0c3f1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b';

// What lists show of a document's publishing, and copies of a draft; both need the real collab server.
describe('document status and duplicates', () => {
  let k: PublishKit;
  let ada: TestUser;
  let bob: TestUser;
  let root: TestUser;
  let rita: TestUser;
  let emma: TestUser;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    bob = await k.createUser(['developer'], { name: 'Bob Builder' });
    root = await k.createUser(['admin'], { name: 'Root Admin' });
    rita = await k.createUser(['reviewer'], { name: 'Rita Reviewer' });
    emma = await k.createUser(['employee'], { name: 'Emma Employee' });
  });

  const statusOf = async (id: string) => {
    const list = await k.as(rita).get('/api/documents', { kind: 'taskForm', limit: 100 }).expect(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === id);
    const single = (await k.as(rita).get(`/api/documents/${id}`).expect(200)).body;
    expect(listed.publication).toEqual(single.publication);
    return single.publication;
  };
  const publish = (id: string) => k.as(ada).send('post', `/api/documents/${id}/publish`, { message: '' });

  it('says whether a document is a draft, live, edited since its live version, or waiting for approval', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    expect(await statusOf(id)).toEqual({ liveVersion: null, pendingVersion: null, editedSinceLive: false });
    await publish(id).expect(201);
    expect(await statusOf(id)).toEqual({ liveVersion: 1, pendingVersion: null, editedSinceLive: false });

    // Opening lays the published content out for editing: not an edit. An edit counts once it is stored.
    const provider = await k.open(ada, 'taskForm', id);
    expect(await statusOf(id)).toEqual({ liveVersion: 1, pendingVersion: null, editedSinceLive: false });
    updateTaskForm(provider.document, { title: 'Edited after version 1' });
    await k.synced(provider);
    await expect.poll(async () => (await statusOf(id)).editedSinceLive, pollOptions).toBe(true);

    await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: true }).expect(200);
    try {
      await publish(id).expect(201);
    } finally {
      await k.as(root).send('put', '/api/settings/publishing', { requiresApproval: false }).expect(200);
    }
    expect(await statusOf(id)).toEqual({ liveVersion: 1, pendingVersion: 2, editedSinceLive: true });
  });

  it('duplicates the current draft exactly, even edits not yet stored and an invalid one, by whoever copies it', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const provider = await k.open(ada, 'taskForm', id);
    // Two fields with one key: a draft may be invalid, and the copy keeps it as it is.
    taskFormFields.update(provider.document, 'f01', { key: 'reason' });
    updateTaskForm(provider.document, { title: 'Still in memory' });
    await k.synced(provider);
    await publish(id).expect(422);

    const copy = await k.as(bob).send('post', `/api/documents/${id}/duplicate`, { name: 'Copy' }).expect(201);
    expect(copy.body).toMatchObject({
      kind: 'taskForm',
      name: 'Copy',
      createdBy: { id: bob.user.id, name: 'Bob Builder' },
      publication: { liveVersion: null, pendingVersion: null, editedSinceLive: false },
    });
    expect(copy.body.id).not.toBe(id);
    const original = await k.as(ada).get(`/api/documents/${id}/export`).expect(200);
    const copied = await k.as(bob).get(`/api/documents/${copy.body.id}/export`).expect(200);
    expect(copied.body).toEqual(original.body);
    expect(copied.body.title).toBe('Still in memory');

    // The copy is a document of its own: editing it leaves the original alone.
    const copyProvider = await k.open(bob, 'taskForm', copy.body.id);
    updateTaskForm(copyProvider.document, { title: 'Only the copy' });
    await k.synced(copyProvider);
    await expect
      .poll(
        async () => (await k.as(bob).get(`/api/documents/${copy.body.id}/export`)).body.title,
        pollOptions,
      )
      .toBe('Only the copy');
    expect((await k.as(ada).get(`/api/documents/${id}/export`).expect(200)).body.title).toBe(
      'Still in memory',
    );

    const entry = await k.prisma.auditEntry.findFirstOrThrow({ where: { targetId: copy.body.id } });
    expect(entry).toMatchObject({ action: 'document.duplicated', actorId: bob.user.id });
    expect(entry.details).toMatchObject({ from: { id, name: 'A taskForm' } });
  });

  it('copies a document nobody opened from its imported content; refuses strangers and unknown ids', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const copy = await k.as(ada).send('post', `/api/documents/${id}/duplicate`, { name: 'Unopened copy' });
    expect(copy.status).toBe(201);
    const copied = await k.as(ada).get(`/api/documents/${copy.body.id}/export`).expect(200);
    expect(copied.body.title).toBe(taskFormSample.title);

    await k.as(ada).send('post', `/api/documents/${unknownId}/duplicate`, { name: 'Nope' }).expect(404);
    await k.as(ada).send('post', `/api/documents/${id}/duplicate`, { name: '' }).expect(400);
    await k.as(rita).send('post', `/api/documents/${id}/duplicate`, { name: 'Reviewer copy' }).expect(403);
    const refused = await k
      .as(emma)
      .send('post', `/api/documents/${id}/duplicate`, { name: 'Employee copy' });
    expect([403, 404]).toContain(refused.status);
    expect(await k.prisma.document.count({ where: { name: { contains: 'copy' } } })).toBe(1);
  });
});
