import { publishLive } from '@erp/engine/testing';
import { type Dataset, emptyDataset, emptyTable, systemSourceIds } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';

// Each person's dashboard: reports they may see, in the order they put them; anything else is refused with
// its path (a malformed body 400, a report they may not see 422) and changes nothing; one person's arrangement is not another's.

const t: TestApp = await createTestApp();
const developer = await t.make.user(['developer']);
const emma = await t.make.user(['employee']);
const eric = await t.make.user(['employee']);
const publish = (content: object) =>
  publishLive(t.prisma, t.make, developer.user, content as Parameters<typeof publishLive>[3]);
const count = [{ id: 'n', order: 'a0', alias: 'n', fn: 'count' as const }];
const report = (parts: Partial<Dataset>) => publish({ ...emptyDataset(), aggregates: count, ...parts });
const tasks = await report({ tableId: systemSourceIds.tasks });
const instances = await report({ tableId: systemSourceIds.flowInstances });
// Over a table only developers and reviewers may read.
const secret = await report({ tableId: await publish(emptyTable()) });

const dashboardOf = (user: { token: string }) =>
  t.http().get('/api/portal/dashboard').set(bearer(user.token)).expect(200);
const arrange = (user: { token: string }, ids: string[]) =>
  t
    .http()
    .put('/api/portal/dashboard')
    .set(bearer(user.token))
    .send({ items: ids.map((documentId) => ({ documentId })) });
const idsOf = (body: { items: { documentId: string }[] }) => body.items.map((item) => item.documentId);

describe('dashboards', () => {
  it('keeps the reports a person arranged, in their order, and only theirs', async () => {
    expect(idsOf((await dashboardOf(emma)).body)).toEqual([]);
    expect(idsOf((await arrange(emma, [instances, tasks]).expect(200)).body)).toEqual([instances, tasks]);
    expect(idsOf((await arrange(emma, [tasks, instances]).expect(200)).body)).toEqual([tasks, instances]);
    expect(idsOf((await dashboardOf(emma)).body)).toEqual([tasks, instances]);
    expect(idsOf((await dashboardOf(eric)).body)).toEqual([]);
  });

  it('refuses a report the person may not see, a repeated one and unknown fields, changing nothing', async () => {
    await arrange(eric, [tasks]).expect(200);
    const hidden = await arrange(eric, [tasks, secret]).expect(422);
    expect(hidden.body.error.details.issues[0].path).toEqual(['items', 1, 'documentId']);
    const twice = await arrange(eric, [tasks, tasks]).expect(400);
    expect(JSON.stringify(twice.body.error.details)).toContain('already on it');
    await t
      .http()
      .put('/api/portal/dashboard')
      .set(bearer(eric.token))
      .send({ items: [{ documentId: tasks, x: 1 }] })
      .expect(400);
    expect(idsOf((await dashboardOf(eric)).body)).toEqual([tasks]);
    // The developer may read the table, so the report can go on their dashboard.
    await arrange(developer, [secret]).expect(200);
  });
});
