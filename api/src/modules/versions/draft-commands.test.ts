import { taskFormFields, updateTaskForm } from '@erp/shared/documents';
import { taskFormSample } from '@erp/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit, pollOptions } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// The api and the collab server as separate processes would run them: drafts are flushed and replaced through
// command rows and NOTIFY (docs/decisions/0001), never by a direct call.
describe('draft commands over PostgreSQL', () => {
  let k: PublishKit;
  let ada: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    k = await createPublishKit('over-postgres');
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
    bob = await k.createUser(['developer'], { name: 'Bob Builder' });
  });

  it('flushes what the collab process holds before publish reads, acknowledged by every live process', async () => {
    await expect.poll(() => k.prisma.collabProcess.count(), pollOptions).toBe(1);
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const provider = await k.open(ada, 'taskForm', id);
    const stored = () => k.prisma.documentUpdate.count({ where: { documentId: id } });
    const before = await stored();
    updateTaskForm(provider.document, { title: 'Held in memory' });
    await k.synced(provider);
    expect(await stored()).toBe(before);
    const published = await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
    const version = await k.as(ada).get(`/api/documents/${id}/versions/${published.body.version.number}`);
    expect(version.body.content.title).toBe('Held in memory');
    expect(await k.prisma.collabCommand.count()).toBe(0);
  });

  it('restores through a claimed command: both collaborators end at the version', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(201);
    const adas = await k.open(ada, 'taskForm', id);
    const bobs = await k.open(bob, 'taskForm', id);
    taskFormFields.remove(adas.document, 'f01');
    updateTaskForm(bobs.document, { title: 'Bob was here' });
    await k.synced(adas);
    await k.synced(bobs);
    await k
      .as(bob)
      .send('post', `/api/documents/${id}/restore`, { version: 1 })
      .expect(200, { changed: true });
    for (const provider of [adas, bobs]) {
      await expect.poll(() => k.read('taskForm', provider), pollOptions).toEqual(taskFormSample);
    }
  });

  it('answers 503 and stores nothing when a live collab process stays silent', async () => {
    const id = await k.createDocument(ada, 'taskForm', taskFormSample);
    const silent = await k.prisma.collabProcess.create({
      data: { id: crypto.randomUUID(), heartbeatAt: new Date(Date.now() + 60_000) },
    });
    try {
      const refused = await k.as(ada).send('post', `/api/documents/${id}/publish`).expect(503);
      expect(refused.body.error.code).toBe('unavailable');
      expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(0);
    } finally {
      await k.prisma.collabProcess.delete({ where: { id: silent.id } });
    }
  });
});
