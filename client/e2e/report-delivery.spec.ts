import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { PgBoss } from 'pg-boss';
import { createAccount, signIn } from './accounts';
import { publishAmountFlow } from './published';

// "Every Monday 8:00 email this report as CSV and a chart image to the finance role": a developer sets it up in
// the trigger builder, tries it in the tester, publishes it; the clock reaches Monday 8:00 (pg-boss's cron sends
// the engine its `trigger.schedule` job — here the spec sends that job itself); the outbox shows the mail to the
// finance employee with the CSV of the rows she may see and the chart as a PNG, both downloadable.

// The installation's PostgreSQL, as `npm start` made it in the test's data folder (superuser `erp`).
function databaseUrl(): string {
  const dataDir = process.env.E2E_DATA_DIR as string;
  const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
  const port = process.env.E2E_POSTGRES_PORT ?? '54391';
  return `postgresql://erp:${encodeURIComponent(password)}@127.0.0.1:${port}/erp`;
}

async function looksRight(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 1000 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${name} at ${width}px overflows`).toBe(clientWidth);
  await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
}

test('a developer schedules a report by mail to the finance role; the outbox shows it with its CSV and chart', async ({
  browser,
}, info) => {
  test.setTimeout(240_000);
  const developer = await createAccount('Rhea Reports', ['developer', 'admin']);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await signIn(context, developer);
  const api = context.request;
  const suffix = `${info.workerIndex}-${randomUUID().slice(0, 8)}`;

  // Fiona is in the finance role and started two expense flows; Sam (not in it) started one.
  const fiona = await createAccount('Fiona Finance', ['employee']);
  const sam = await createAccount('Sam Sales', ['employee']);
  const roleName = `Finance ${suffix}`;
  const role = await (await api.post('/api/hierarchy/org-roles', { data: { name: roleName } })).json();
  const assigned = await api.post('/api/hierarchy/org-role-assignments', {
    data: { userId: fiona.id, orgRoleId: role.id },
  });
  expect(assigned.status()).toBe(201);
  const { flowId, flowName } = await publishAmountFlow(api, {
    form: `Expense ${suffix}`,
    flow: `Expenses ${suffix}`,
  });
  for (const [account, count] of [
    [fiona, 2],
    [sam, 1],
  ] as const) {
    const own = await browser.newContext();
    await signIn(own, account);
    for (let index = 0; index < count; index += 1) {
      const started = await own.request.post(`/api/flows/${flowId}/instances`, {
        data: { data: { amount: 100 + index } },
      });
      expect(started.status()).toBe(201);
    }
    await own.close();
  }

  // The report: this flow's requests by person, as a bar chart and a table.
  const reportName = `Expense requests ${suffix}`;
  const created = await api.post('/api/documents', {
    data: {
      kind: 'dataset',
      name: reportName,
      content: {
        kind: 'dataset',
        schemaVersion: 1,
        description: 'Requests by person',
        tableId: 'system.flowInstances',
        filter: { type: 'comparison', left: 'main.flow', operator: 'eq', right: flowName },
        joins: [],
        groupings: [{ id: 'g1', order: 'a0', alias: 'requester', field: 'main.requesterName' }],
        aggregates: [{ id: 'm1', order: 'a0', alias: 'requests', fn: 'count' }],
        sorts: [],
        sections: [
          {
            id: 'bars',
            order: 'a0',
            title: 'Requests by person',
            description: '',
            chart: { type: 'bar', dimensionId: 'g1', measureIds: ['m1'] },
          },
          {
            id: 'all',
            order: 'a1',
            title: 'All requests',
            description: '',
            chart: { type: 'table', dimensionId: 'g1', measureIds: ['m1'] },
          },
        ],
      },
    },
  });
  expect(created.status()).toBe(201);
  const datasetId = ((await created.json()) as { id: string }).id;
  expect((await api.post(`/api/documents/${datasetId}/publish`, { data: {} })).status()).toBe(201);

  // The developer builds the trigger in the console.
  const trigger = await (
    await api.post('/api/documents', { data: { kind: 'trigger', name: `Weekly expenses ${suffix}` } })
  ).json();
  const page = await context.newPage();
  await page.goto(`/console/triggers/${trigger.id}`);
  await page.getByLabel('When').selectOption({ label: 'On a schedule' });
  await page.getByLabel('Cron').fill('0 8 * * 1');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByLabel('Type of the new action').selectOption({ label: 'Email a report' });
  await page.getByRole('button', { name: 'Add action' }).click();
  const action = page.getByRole('listitem', { name: 'Action 1: Email a report' });
  await action.getByLabel('Report', { exact: true }).selectOption({ label: reportName });
  await expect(action.getByLabel('Attach the rows as CSV')).toBeChecked();
  await action.getByLabel('Chart picture').selectOption({ label: 'Requests by person (bar)' });
  await action.getByLabel('Recipient', { exact: true }).selectOption({ label: roleName });
  await action.getByRole('button', { name: 'Add recipient' }).click();
  // An address outside the company may be named; the report never goes there (the run lists it as refused).
  await action.getByLabel('Kind of recipient').selectOption({ label: 'Address' });
  await action.getByLabel('Recipient', { exact: true }).fill('auditor@outside.example');
  await action.getByRole('button', { name: 'Add recipient' }).click();
  await expect(action.getByRole('list', { name: 'Recipients' })).toContainText(`Role: ${roleName}`);
  const subject = `Weekly expense requests ${suffix}`;
  await action.getByLabel('Subject').fill(subject);
  await action.getByLabel('Message').fill('The requests of the week are attached.');
  await page.getByLabel('Enabled').check();
  await expect(page.getByText('The trigger is valid.')).toBeVisible();

  // The tester: it would run, mailing Fiona (who may read the report) and nobody outside.
  await page.getByRole('button', { name: 'New sample' }).click();
  await page.getByRole('button', { name: 'Run test' }).click();
  const result = page.getByRole('region', { name: 'Test result' });
  await expect(result).toContainText('Would run');
  await expect(result).toContainText(fiona.email);
  await expect(result).not.toContainText('auditor@outside.example');
  await expect(result).toContainText(subject);
  for (const width of [1440, 390]) await looksRight(page, 'report-trigger', width);
  await page.setViewportSize({ width: 1440, height: 1000 });

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // Monday 8:00 in Berlin: the job pg-boss's cron would send.
  const boss = new PgBoss({
    connectionString: databaseUrl(),
    supervise: false,
    schedule: false,
    migrate: false,
  });
  boss.on('error', () => {});
  await boss.start();
  await boss.send('trigger.schedule', { documentId: trigger.id, versionNumber: 1 });
  await boss.stop({ graceful: false });

  // The outbox is read when the page opens: open it again until the engine has run the firing.
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(async () => {
    await page.goto('/console/outbox');
    await expect(messages).toContainText(subject, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const row = page.getByRole('button', { name: new RegExp(subject) });
  await expect(row).toContainText(`to ${fiona.email}`);
  await expect(row).toContainText('2 attachments');
  await row.click();
  const attachments = page.getByRole('list', { name: `Attachments of ${subject}` });
  const csvLink = attachments.getByRole('link', { name: /\.csv/ });
  const pngLink = attachments.getByRole('link', { name: /Requests-by-person\.png/ });
  await expect(csvLink).toBeVisible();
  await expect(pngLink).toBeVisible();
  // The CSV holds Fiona's rows only; the chart is a PNG.
  const csv = await api.get((await csvLink.getAttribute('href')) as string);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toBe(`requester,requests\r\n${fiona.name},2\r\n`);
  const png = await api.get((await pngLink.getAttribute('href')) as string);
  expect(png.headers()['content-type']).toBe('image/png');
  expect([...(await png.body()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  for (const width of [1440, 390]) await looksRight(page, 'report-outbox', width);

  // The run is in the trigger's history.
  await page.goto(`/console/triggers/${trigger.id}`);
  await expect(page.getByRole('list', { name: 'Runs' })).toContainText('Email a report: done', {
    timeout: 30_000,
  });
  await context.close();
});
