import { actionOf, triggerOf } from '@erp/engine/triggers/testing';
import { type Dataset, emptyDataset, systemSourceIds } from '@erp/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishKit, type PublishKit } from '../../testing/publish-kit';
import type { TestUser } from '../../testing/test-app';

// A trigger that mails a report is published only when its dataset is, and the chart it draws is a section of
// that dataset that is a picture: otherwise 422 with the action's path, and nothing stored.

const dataset: Dataset = {
  ...emptyDataset(),
  tableId: systemSourceIds.flowInstances,
  groupings: [{ id: 'g1', order: 'a0', alias: 'status', field: 'main.status' }],
  aggregates: [{ id: 'm1', order: 'a1', alias: 'flows', fn: 'count' }],
  sections: [
    {
      id: 'bars',
      order: 'a0',
      title: 'By status',
      description: '',
      chart: { type: 'bar', dimensionId: 'g1', measureIds: ['m1'] },
    },
    {
      id: 'total',
      order: 'a1',
      title: 'All',
      description: '',
      chart: { type: 'number', measureIds: ['m1'] },
    },
  ],
};

const reportTrigger = (datasetId: string, fields: { chartSectionId?: string; attachCsv?: boolean } = {}) =>
  triggerOf({ type: 'schedule', cron: '0 8 * * 1', timezone: 'Europe/Berlin' }, [
    actionOf('sendReport', {
      to: [{ type: 'email', address: 'finance@example.com' }],
      subject: 'Weekly report',
      body: '',
      datasetId,
      params: {},
      attachCsv: fields.attachCsv ?? true,
      ...(fields.chartSectionId ? { chartSectionId: fields.chartSectionId } : {}),
    }),
  ]);

describe('publishing a trigger that mails a report', () => {
  let k: PublishKit;
  let ada: TestUser;
  beforeAll(async () => {
    k = await createPublishKit();
    ada = await k.createUser(['developer'], { name: 'Ada Developer' });
  });

  const refused = async (content: object) => {
    const id = await k.createDocument(ada, 'trigger', content);
    const response = await k
      .as(ada)
      .send('post', `/api/documents/${id}/publish`, { message: '' })
      .expect(422);
    expect(await k.prisma.documentVersion.count({ where: { documentId: id } })).toBe(0);
    return response.body.error.details.issues.map((issue: { path: unknown; message: string }) => ({
      path: issue.path,
      message: issue.message,
    }));
  };

  it('refuses an unknown or unpublished dataset, a missing section, a number section, and nothing to attach', async () => {
    expect(await refused(reportTrigger(crypto.randomUUID()))).toEqual([
      { path: ['actions', 'a0', 'datasetId'], message: 'No published dataset has this id.' },
    ]);
    const datasetId = await k.createDocument(ada, 'dataset', dataset);
    expect(await refused(reportTrigger(datasetId))).toEqual([
      { path: ['actions', 'a0', 'datasetId'], message: 'No published dataset has this id.' },
    ]);
    await k.as(ada).send('post', `/api/documents/${datasetId}/publish`, { message: '' }).expect(201);
    expect(await refused(reportTrigger(datasetId, { chartSectionId: 'gone' }))).toEqual([
      { path: ['actions', 'a0', 'chartSectionId'], message: 'The published dataset has no such section.' },
    ]);
    expect(await refused(reportTrigger(datasetId, { chartSectionId: 'total' }))).toEqual([
      {
        path: ['actions', 'a0', 'chartSectionId'],
        message: 'Choose a bar, line, area or pie chart section.',
      },
    ]);
    // A report with nothing to attach is not a trigger at all: refused when it comes in.
    const empty = await k
      .as(ada)
      .send('post', '/api/documents', {
        kind: 'trigger',
        name: 'Empty',
        content: reportTrigger(datasetId, { attachCsv: false }),
      })
      .expect(422);
    expect(empty.body.error.details.issues).toEqual([
      expect.objectContaining({
        path: ['content', 'actions', 'a0', 'attachCsv'],
        message: 'Attach the CSV, a chart or both.',
      }),
    ]);
    const id = await k.createDocument(ada, 'trigger', reportTrigger(datasetId, { chartSectionId: 'bars' }));
    await k.as(ada).send('post', `/api/documents/${id}/publish`, { message: 'Weekly' }).expect(201);
  });
});
