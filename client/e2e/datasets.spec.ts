import { expect, test } from '@playwright/test';
import { createAccount, newSignedInContext, signIn } from './accounts';
import { publishAmountFlow } from './published';
import { expectSound } from './sound';

// Reports end to end: a developer publishes two tables and a dataset over each (a KPI, a bar chart and a table
// section); an employee sees in the portal only the report over the table their role may read, with its
// figures as numbers, a chart with its table alternative, and a table — at desktop and phone width.
// The report datasets are written through the API; the second test builds one in the console's builder; the
// third reads flow data, where each employee sees the instances they took part in only.

const blank = { description: '', required: false, unique: false, name: '' };
const table = (read: string[], fields: object[]) => ({
  kind: 'table',
  schemaVersion: 2,
  description: '',
  displayFieldId: null,
  access: { read, write: ['developer'] },
  fields,
});
const spendFields = [
  {
    ...blank,
    id: 'department',
    order: 'a0',
    key: 'department',
    type: 'select',
    options: ['Finance', 'Sales', 'Operations'].map((label, index) => ({
      id: `o${index}`,
      order: `a${index}`,
      label,
      value: label.toLowerCase(),
    })),
  },
  { ...blank, id: 'amount', order: 'a1', key: 'amount', type: 'decimal', scale: 2 },
];
const dataset = (tableId: string, description: string) => ({
  kind: 'dataset',
  schemaVersion: 1,
  description,
  tableId,
  joins: [],
  groupings: [{ id: 'g1', order: 'a0', alias: 'department', field: 'main.department' }],
  aggregates: [
    { id: 'm1', order: 'a0', alias: 'claims', fn: 'count' },
    { id: 'm2', order: 'a1', alias: 'totalSpend', fn: 'sum', field: 'main.amount' },
  ],
  sorts: [{ id: 's1', order: 'a0', columnId: 'm2', direction: 'desc' }],
  sections: [
    {
      id: 'x1',
      order: 'a0',
      title: 'Claims',
      description: '',
      chart: { type: 'number', measureIds: ['m1'] },
    },
    {
      id: 'x2',
      order: 'a1',
      title: 'Spend by department',
      description: '',
      chart: { type: 'bar', dimensionId: 'g1', measureIds: ['m2'] },
    },
    {
      id: 'x3',
      order: 'a2',
      title: 'All departments',
      description: '',
      chart: { type: 'table', dimensionId: 'g1', measureIds: ['m1', 'm2'] },
    },
  ],
});

test('an employee sees the published report over the table they may read, and not the other', async ({
  browser,
}, info) => {
  test.setTimeout(240_000);
  const { context: developer } = await newSignedInContext(browser, 'Dana Datasets', ['developer']);
  const publish = async (kind: string, name: string, content: object) => {
    const created = await developer.request.post('/api/documents', { data: { kind, name, content } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await developer.request.post(`/api/documents/${id}/publish`, { data: {} })).status()).toBe(201);
    return id;
  };
  const suffix = `${info.workerIndex}-${Date.now()}`;
  const claims = await publish(
    'table',
    `Expense claims ${suffix}`,
    table(['developer', 'employee'], spendFields),
  );
  const salaries = await publish('table', `Salaries ${suffix}`, table(['developer'], spendFields));
  const rows: [string, number][] = [
    ['finance', 120.5],
    ['finance', 80],
    ['sales', 300],
    ['operations', 45.25],
  ];
  for (const tableId of [claims, salaries]) {
    for (const [department, amount] of rows) {
      const created = await developer.request.post(`/api/tables/${tableId}/records`, {
        data: { values: { department, amount } },
      });
      expect(created.status()).toBe(201);
    }
  }
  const spendName = `Spend report ${suffix}`;
  const salaryName = `Salary report ${suffix}`;
  await publish('dataset', spendName, dataset(claims, 'Expense claims by department'));
  await publish('dataset', salaryName, dataset(salaries, 'Salaries by department'));
  await developer.close();

  const employee = await createAccount('Emil Employee', ['employee']);
  for (const width of [1440, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await signIn(context, employee);
    const page = await context.newPage();
    await page.goto('/portal/reports');
    const list = page.getByRole('list', { name: 'Reports' });
    await expect(list.getByRole('link', { name: spendName })).toBeVisible({ timeout: 30_000 });
    await expect(list.getByRole('link', { name: salaryName })).toHaveCount(0);
    await expectSound(page, 'reports', width);

    await list.getByRole('link', { name: spendName }).click();
    await expect(page.getByRole('heading', { name: 'Claims' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Claims' }).locator('..')).toContainText('4');
    await expect(page.getByRole('heading', { level: 1, name: spendName })).toBeVisible();
    await expect(page.locator('figure .recharts-bar-rectangle')).toHaveCount(3);
    const table = page.getByRole('table', { name: 'All departments' });
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table.getByRole('row').nth(1)).toContainText('Sales');
    await expect(table.getByRole('row').nth(1)).toContainText('300');
    await page.getByText('Show the figures as a table').click();
    await expect(page.getByRole('table', { name: 'Spend by department, figures' })).toContainText('200.5');
    await expectSound(page, 'report', width);
    await context.close();
  }
});

test('a developer builds a dataset in the console: table, grouping, measures and a chart, previewed on real rows', async ({
  browser,
}, info) => {
  test.setTimeout(180_000);
  const { context } = await newSignedInContext(browser, 'Bea Builder', ['developer']);
  const suffix = `${info.workerIndex}-${Date.now()}`;
  const created = await context.request.post('/api/documents', {
    data: { kind: 'table', name: `Claims ${suffix}`, content: table(['developer'], spendFields) },
  });
  const tableId = ((await created.json()) as { id: string }).id;
  expect((await context.request.post(`/api/documents/${tableId}/publish`, { data: {} })).status()).toBe(201);
  for (const [department, amount] of [
    ['finance', 10],
    ['finance', 20],
    ['sales', 5],
  ] as const) {
    const record = await context.request.post(`/api/tables/${tableId}/records`, {
      data: { values: { department, amount } },
    });
    expect(record.status()).toBe(201);
  }
  const dataset = await context.request.post('/api/documents', {
    data: { kind: 'dataset', name: `Claims by department ${suffix}` },
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/console/datasets/${((await dataset.json()) as { id: string }).id}`);
  await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });

  await page.getByLabel('Main source').selectOption({ label: `Claims ${suffix}` });
  const groupBy = page.getByRole('region', { name: 'Group by' });
  await groupBy.getByRole('button', { name: 'Add grouping' }).click();
  await groupBy.getByLabel('Column').selectOption({ label: 'department' });
  const measures = page.getByRole('region', { name: 'Measures' });
  await measures.getByRole('button', { name: 'Add measure' }).click();
  await measures.getByRole('button', { name: 'Add measure' }).click();
  await measures.getByLabel('Measure', { exact: true }).nth(1).selectOption('sum');
  await measures.getByLabel('Of', { exact: true }).nth(1).selectOption({ label: 'amount' });
  const sections = page.getByRole('region', { name: 'Sections' });
  await sections.getByRole('button', { name: 'Add section' }).click();
  await sections.getByLabel('Shown as').selectOption('bar');
  // The chart shows the spend only.
  await sections.getByLabel('count', { exact: true }).uncheck();
  await expect(sections.getByLabel('sum_amount', { exact: true })).toBeChecked();
  await sections.getByLabel('Title').fill('Spend by department');
  await expect(page.getByText('The dataset is valid.')).toBeVisible();

  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Spend by department' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(preview.locator('figure .recharts-bar-rectangle')).toHaveCount(2, { timeout: 30_000 });
  await preview.getByText('Show the figures as a table').click();
  const figures = preview.getByRole('table', { name: 'Spend by department, figures' });
  await expect(figures).toContainText('Finance');
  await expect(figures).toContainText('30');
  await page.screenshot({ path: info.outputPath('dataset-builder.png'), fullPage: true });
  await context.close();
});

test('a report over flow data: a developer picks the work data in the builder, each employee sees only their instances', async ({
  browser,
}, info) => {
  test.setTimeout(240_000);
  const { context: developer } = await newSignedInContext(browser, 'Fay Flowdata', ['developer']);
  const suffix = `${info.workerIndex}-${Date.now()}`;
  const { flowId, flowName } = await publishAmountFlow(developer.request, {
    form: `Expense request ${suffix}`,
    flow: `Expenses ${suffix}`,
  });
  // Two requests from Ines, one from Jon.
  const ines = await createAccount('Ines Instances', ['employee']);
  const jon = await createAccount('Jon Instances', ['employee']);
  for (const [account, amounts] of [
    [ines, [120, 80]],
    [jon, [300]],
  ] as const) {
    const context = await browser.newContext();
    await signIn(context, account);
    for (const amount of amounts) {
      const started = await context.request.post(`/api/flows/${flowId}/instances`, {
        data: { data: { amount } },
      });
      expect(started.status()).toBe(201);
    }
    await context.close();
  }

  // The builder offers the work data beside the tables; the developer picks flow instances and sees real rows.
  const created = await developer.request.post('/api/documents', {
    data: { kind: 'dataset', name: `Expense flow ${suffix}` },
  });
  const datasetId = ((await created.json()) as { id: string }).id;
  const page = await developer.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/console/datasets/${datasetId}`);
  await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Main source').selectOption({ label: 'Flow instances' });
  await expect(page.getByRole('group', { name: "Who sees every flow's data" })).toBeVisible();
  const groupBy = page.getByRole('region', { name: 'Group by' });
  await groupBy.getByRole('button', { name: 'Add grouping' }).click();
  await groupBy.getByLabel('Column').selectOption({ label: 'Requester name' });
  const measures = page.getByRole('region', { name: 'Measures' });
  await measures.getByRole('button', { name: 'Add measure' }).click();
  const sections = page.getByRole('region', { name: 'Sections' });
  const addSection = async (type: string, title: string, width: string) => {
    await sections.getByRole('button', { name: 'Add section' }).click();
    await sections.getByLabel('Shown as').last().selectOption(type);
    await sections.getByLabel('Title').last().fill(title);
    await sections.getByLabel('Width').last().selectOption(width);
  };
  await addSection('number', 'Requests', 'third');
  await sections.getByLabel('Compare with the period before').check();
  await addSection('bar', 'Requests by person', 'half');
  await addSection('table', 'All requests', 'full');
  await expect(page.getByText('The dataset is valid.')).toBeVisible();
  const preview = page.getByRole('region', { name: 'Preview' });
  // The developer took no part in these instances: the preview says so with no rows.
  await expect(preview.getByRole('heading', { name: 'Requests', exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await page.screenshot({ path: info.outputPath('flow-dataset-builder.png'), fullPage: true });
  await page.close();

  // The filter (this flow, started this month) goes in through the document's content, then it is published.
  const content = await developer.request.get(`/api/documents/${datasetId}/export`);
  expect(content.status()).toBe(200);
  const draft = (await content.json()) as Record<string, unknown>;
  const filter = {
    type: 'group',
    op: 'and',
    children: [
      { type: 'comparison', left: 'main.flow', operator: 'eq', right: flowName },
      { type: 'comparison', left: 'main.startedAt', operator: 'eq', right: 'thisMonth' },
    ],
  };
  const put = await developer.request.put(`/api/documents/${datasetId}/content`, {
    data: { content: { ...draft, filter } },
  });
  expect(put.status()).toBeLessThan(300);
  const published = await developer.request.post(`/api/documents/${datasetId}/publish`, { data: {} });
  expect(published.status()).toBe(201);
  // A second report for the dashboard: every instance of the flow, by status.
  const statuses = await developer.request.post('/api/documents', {
    data: {
      kind: 'dataset',
      name: `Expense statuses ${suffix}`,
      content: {
        ...dataset('system.flowInstances', ''),
        tableId: 'system.flowInstances',
        filter: filter.children[0],
        groupings: [{ id: 'g1', order: 'a0', alias: 'status', field: 'main.status' }],
        aggregates: [{ id: 'm1', order: 'a0', alias: 'instances', fn: 'count' }],
        sorts: [],
        sections: [],
      },
    },
  });
  const secondId = ((await statuses.json()) as { id: string }).id;
  expect((await developer.request.post(`/api/documents/${secondId}/publish`, { data: {} })).status()).toBe(
    201,
  );
  await developer.close();

  for (const [account, count, others] of [
    [ines, '2', jon],
    [jon, '1', ines],
  ] as const) {
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await signIn(context, account);
      const report = await context.newPage();
      await report.goto(`/portal/reports/${datasetId}`);
      const kpi = report.getByRole('heading', { name: 'Requests', exact: true }).locator('..');
      await expect(kpi).toContainText(count, { timeout: 30_000 });
      await expect(kpi).toContainText('last month');
      const table = report.getByRole('table', { name: 'All requests' });
      await expect(table).toContainText(account.name);
      await expect(table).not.toContainText(others.name);
      await expectSound(report, `flow-report-${account.name.split(' ')[0]}`, width);
      await context.close();
    }
  }

  // Ines puts it and another report on her dashboard and moves the second above the first.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await signIn(context, ines);
  const board = await context.newPage();
  await board.goto('/portal/dashboard');
  await expect(board.getByText('Nothing on your dashboard yet')).toBeVisible({ timeout: 30_000 });
  await board.getByLabel('Report to add').selectOption({ label: `Expense flow ${suffix}` });
  await board.getByRole('button', { name: 'Add to dashboard' }).click();
  const reports = board.getByRole('list', { name: 'Dashboard reports' }).getByRole('listitem');
  await expect(reports).toHaveCount(1);
  await board.getByRole('button', { name: 'Add to dashboard' }).click();
  await expect(reports).toHaveCount(2);
  const second = await reports.nth(1).getAttribute('aria-label');
  // By keyboard: the report's own "up" button.
  await board.getByRole('button', { name: `Move ${second} up`, exact: true }).focus();
  await board.keyboard.press('Enter');
  await expect(reports.first()).toHaveAttribute('aria-label', second ?? '');
  // The order is kept: after a reload it is the same.
  await board.reload();
  await expect(reports.first()).toHaveAttribute('aria-label', second ?? '', { timeout: 30_000 });
  await board.screenshot({ path: info.outputPath('dashboard-1440.png'), fullPage: true });
  await context.close();
});
