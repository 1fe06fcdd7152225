import { createTestPrisma } from '@erp/prisma/testing';
import { type Dataset, emptyDataset, emptyTable, systemSourceIds } from '@erp/shared';
import { createTransport } from 'nodemailer';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive } from '../flows/testing';
import { fireSchedule } from './schedules';
import { actionOf, startTestSmtp, testActionServices, triggerOf, waitForRun } from './testing';
import { startTriggerRunner } from './trigger-runner';

// A report mailed on a schedule through a real SMTP server: each recipient gets the rows they may see (flow
// data by participation), as a CSV and the chart as a PNG; an address outside the installation gets nothing;
// the slot fires once however often it is fired.

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 4 });
const { user: developer } = await make.user(['developer']);
const finance = await make.org();
const sales = await make.org();
// The finance role: a member of finance and one of sales, each seeing only the flows they started.
await make.assignOrgRole(sales.member.user.id, finance.orgRole.id, { validFrom: new Date('2025-01-01') });

const { mails, port: smtpPort } = await startTestSmtp();

const runner = await startTriggerRunner({
  connectionString: databaseUrl,
  prisma,
  logger: pino({ level: 'silent' }),
  pollMs: 100,
  services: testActionServices({
    mailer: createTransport(`smtp://127.0.0.1:${smtpPort}`),
    reports: { prisma, timeoutMs: 5_000 },
  }),
});
afterAll(() => runner.stop());

const publish = (content: object, documentId?: string) =>
  publishLive(prisma, make, developer, content as Parameters<typeof publishLive>[3], documentId);
const formId = await publish(approvalForm());
const flowId = await publish(
  flowOf(
    [node.start(), node.level('approve', formId, { type: 'managerOfRequester' }), node.end()],
    edges(['start>approve', 'approve>end']),
  ),
);
const flowVersion = await prisma.documentVersion.findFirstOrThrow({ where: { documentId: flowId } });
const started = async (requesterId: string, count: number) => {
  for (let index = 0; index < count; index += 1)
    await prisma.flowInstance.create({
      data: {
        documentId: flowId,
        versionId: flowVersion.id,
        versionNumber: flowVersion.number,
        status: 'running',
        requesterId,
      },
    });
};
await started(finance.member.user.id, 3);
await started(sales.member.user.id, 2);

const sectionId = 'chart1';
const dataset: Dataset = {
  ...emptyDataset(),
  description: 'Flows by who started them',
  tableId: systemSourceIds.flowInstances,
  groupings: [{ id: 'g1', order: 'a0', alias: 'requester', field: 'main.requesterName' }],
  aggregates: [{ id: 'm1', order: 'a1', alias: 'flows', fn: 'count' }],
  sections: [
    {
      id: sectionId,
      order: 'a0',
      title: 'Flows per requester',
      description: '',
      chart: { type: 'bar', dimensionId: 'g1', measureIds: ['m1'] },
    },
  ],
};
const datasetId = await publish(dataset);
await prisma.document.update({ where: { id: datasetId }, data: { name: 'Weekly flows' } });

function pngSize(png: Buffer) {
  // The signature, then IHDR: width and height as big-endian 32-bit integers.
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

it('mails each recipient the rows they may see as CSV and the chart as PNG, once per slot', async () => {
  const triggerId = await publish(
    triggerOf({ type: 'schedule', cron: '0 8 * * 1', timezone: 'Europe/Berlin' }, [
      actionOf('sendReport', {
        to: [
          { type: 'orgRole', orgRoleId: finance.orgRole.id },
          { type: 'email', address: 'cfo@outside.example' },
        ],
        subject: 'Weekly flows',
        body: 'The report of {{slot}}.',
        datasetId,
        params: {},
        attachCsv: true,
        chartSectionId: sectionId,
      }),
    ]),
  );
  const payload = { documentId: triggerId, versionNumber: 1 };
  // Monday 8:00 in Berlin (7:00 UTC in winter), fired by two engines a second apart.
  const eventId = await prisma.$transaction((db) =>
    fireSchedule(db, payload, new Date('2026-03-02T07:00:01Z')),
  );
  await prisma.$transaction((db) => fireSchedule(db, payload, new Date('2026-03-02T07:00:02Z')));
  const run = await waitForRun(prisma, eventId as string);
  expect(run.actions[0]).toMatchObject({ status: 'done' });
  expect(run.actions[0]?.result).toMatchObject({ refused: ['cfo@outside.example'], sent: true });
  await expect.poll(() => mails.length).toBe(2);
  expect(await prisma.triggerRun.count({ where: { documentId: triggerId } })).toBe(1);
  // Nothing went to the address outside; each person got their own mail.
  expect(mails.map((mail) => mail.to).sort()).toEqual(
    [[finance.member.user.email], [sales.member.user.email]].sort(),
  );

  const outbox = await prisma.outboxMessage.findMany({
    include: { attachments: { orderBy: { position: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  expect(outbox).toHaveLength(2);
  for (const [person, flows] of [
    [finance.member, 3],
    [sales.member, 2],
  ] as const) {
    const message = outbox.find((candidate) => candidate.to.includes(person.user.email));
    expect(message?.subject).toBe('Weekly flows');
    expect(message?.text).toBe('The report of 2026-03-02T07:00:00.000Z.');
    const [csv, png] = message?.attachments ?? [];
    expect(csv).toMatchObject({ filename: 'Weekly-flows.csv', contentType: 'text/csv' });
    // Only this person's row: the other's name appears nowhere.
    expect(Buffer.from(csv?.content ?? []).toString()).toBe(
      `requester,flows\r\n${person.user.name},${flows}\r\n`,
    );
    expect(png).toMatchObject({ filename: 'Flows-per-requester.png', contentType: 'image/png' });
    const picture = Buffer.from(png?.content ?? []);
    expect(pngSize(picture)).toEqual({ width: 1600, height: 800 });
    expect(picture.length).toBeGreaterThan(5_000);
    expect(png?.size).toBe(picture.length);
    // The mail carried the same bytes as the outbox keeps.
    const mail = mails.find((candidate) => candidate.to.includes(person.user.email));
    expect(mail?.raw).toContain(`Message-ID: ${message?.messageId}`);
    expect(mail?.raw.replace(/\r\n/g, '')).toContain(picture.toString('base64'));
    expect(mail?.raw).toContain('filename=Weekly-flows.csv');
  }
});

it('a chart section the live dataset no longer has dead-letters the action at once, sending nothing', async () => {
  const sent = mails.length;
  const triggerId = await publish(
    triggerOf({ type: 'schedule', cron: '0 8 * * 1', timezone: 'UTC' }, [
      actionOf('sendReport', {
        to: [{ type: 'orgRole', orgRoleId: finance.orgRole.id }],
        subject: 'Report',
        body: '',
        datasetId,
        params: {},
        attachCsv: false,
        chartSectionId: 'gone',
      }),
    ]),
  );
  const eventId = await prisma.$transaction((db) =>
    fireSchedule(db, { documentId: triggerId, versionNumber: 1 }, new Date('2026-03-09T08:00:00Z')),
  );
  const run = await waitForRun(prisma, eventId as string);
  expect(run.outcome).toBe('failed');
  expect(run.actions[0]).toMatchObject({ status: 'dead', attempts: 1 });
  expect(run.actions[0]?.error).toContain('no such chart section');
  expect(mails.length).toBe(sent);
});

it('a report over a table goes only to recipients who may read that table; the others are listed', async () => {
  // Salaries: developers only.
  const name = { id: 'f1', order: 'a0', key: 'name', name: 'Name', type: 'text' as const };
  const tableId = await publish({
    ...emptyTable(),
    access: { read: ['developer'], write: ['developer'] },
    fields: [{ ...name, description: '', required: false, unique: false }],
  });
  const salaries = await publish({
    ...emptyDataset(),
    tableId,
    aggregates: [{ id: 'm1', order: 'a0', alias: 'people', fn: 'count' }],
  });
  const sent = mails.length;
  const triggerId = await publish(
    triggerOf({ type: 'schedule', cron: '0 8 * * 1', timezone: 'UTC' }, [
      actionOf('sendReport', {
        // The finance role holds employees only; the developer may read the table.
        to: [
          { type: 'orgRole', orgRoleId: finance.orgRole.id },
          { type: 'user', userId: developer.id },
        ],
        subject: 'Salaries',
        body: '',
        datasetId: salaries,
        params: {},
        attachCsv: true,
      }),
    ]),
  );
  const eventId = await prisma.$transaction((db) =>
    fireSchedule(db, { documentId: triggerId, versionNumber: 1 }, new Date('2026-03-16T08:00:00Z')),
  );
  const run = await waitForRun(prisma, eventId as string);
  expect(run.actions[0]).toMatchObject({ status: 'done' });
  expect(run.actions[0]?.result).toMatchObject({
    mayNotRead: [finance.member.user.email, sales.member.user.email].sort(),
    refused: [],
  });
  await expect.poll(() => mails.length).toBe(sent + 1);
  expect(mails.at(-1)?.to).toEqual([developer.email]);
  const kept = await prisma.outboxMessage.findFirstOrThrow({
    where: { subject: 'Salaries' },
    include: { attachments: true },
  });
  expect(kept.attachments.map((attachment) => Buffer.from(attachment.content).toString())).toEqual([
    'people\r\n0\r\n',
  ]);
});
