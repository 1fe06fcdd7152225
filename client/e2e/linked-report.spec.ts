import { type APIRequestContext, expect, test } from '@playwright/test';
import { createAccount, newSignedInContext, signIn } from './accounts';
import { expectSound } from './sound';

// Issue 14's report over a user table and flow data together: a developer publishes a Suppliers table, adds a
// link to it to a purchase form in the task builder (the new control), publishes the form and a flow whose one
// level each requester fills in; an employee picks the supplier in the portal with the record picker (only
// records she may read); the developer builds a dataset over the form's answers joined to the supplier, with a
// KPI, a bar chart and a table, and publishes it; each employee sees in the portal only the purchases they
// took part in — at desktop and phone width. Documents the other specs already build in the UI go in through
// the API.

const blank = { description: '', required: false, unique: false };
const suppliersTable = {
  kind: 'table',
  schemaVersion: 2,
  description: '',
  displayFieldId: 'name',
  access: { read: ['developer', 'employee'], write: ['developer'] },
  fields: [
    { ...blank, id: 'name', order: 'a0', key: 'name', name: 'Name', type: 'text' },
    {
      ...blank,
      id: 'region',
      order: 'a1',
      key: 'region',
      name: 'Region',
      type: 'select',
      options: ['North', 'South'].map((label, index) => ({
        id: `o${index}`,
        order: `a${index}`,
        label,
        value: label.toLowerCase(),
      })),
    },
  ],
};

async function created(response: Promise<{ status(): number; json(): Promise<unknown> }>) {
  const answer = await response;
  expect(answer.status(), JSON.stringify(await answer.json())).toBe(201);
  return ((await answer.json()) as { id: string }).id;
}

const publish = async (api: APIRequestContext, id: string) => {
  const published = await api.post(`/api/documents/${id}/publish`, { data: {} });
  expect(published.status(), await published.text()).toBe(201);
};

/** The open task of `api`'s user in the flow (its one level, of the instance they just started). */
async function myOpenTask(api: APIRequestContext, flowId: string) {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const tasks = (await (await api.get('/api/portal/tasks')).json()) as {
        items: { id: string; status: string; flow: { documentId: string } }[];
      };
      id = tasks.items.find((task) => task.flow.documentId === flowId && task.status === 'open')?.id;
      return id;
    })
    .toBeDefined();
  return id as string;
}

test('a report over a table and flow data: a link field in the form, a record picker, only one’s own rows', async ({
  browser,
}, info) => {
  // About 3 minutes on a quiet machine; a loaded one (load 20–40 here) needs the margin.
  test.setTimeout(480_000);
  const suffix = `${info.workerIndex}-${Date.now()}`;
  const { context: developer } = await newSignedInContext(browser, 'Lena Linker', ['developer']);
  const api = developer.request;
  const suppliersName = `Suppliers ${suffix}`;
  const suppliers = await created(
    api.post('/api/documents', { data: { kind: 'table', name: suppliersName, content: suppliersTable } }),
  );
  await publish(api, suppliers);
  const supplierIds = new Map<string, string>();
  for (const [name, region] of [
    ['Acme', 'north'],
    ['Globex', 'south'],
    ['Initech', 'north'],
  ] as const) {
    supplierIds.set(
      name,
      await created(api.post(`/api/tables/${suppliers}/records`, { data: { values: { name, region } } })),
    );
  }

  // The purchase form: an amount and, added in the builder, a link to a supplier.
  const formName = `Purchase ${suffix}`;
  const formId = await created(
    api.post('/api/documents', {
      data: {
        kind: 'taskForm',
        name: formName,
        content: {
          kind: 'taskForm',
          schemaVersion: 3,
          title: 'Purchase',
          description: { type: 'doc', content: [] },
          fields: [
            {
              id: 'amount',
              order: 'a0',
              key: 'amount',
              label: 'Amount',
              helpText: '',
              required: true,
              type: 'number',
            },
          ],
        },
      },
    }),
  );
  const builder = await developer.newPage();
  await builder.setViewportSize({ width: 1440, height: 1000 });
  await builder.goto(`/console/tasks/${formId}`);
  await expect(builder.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await builder.getByRole('button', { name: 'Add Record of a table' }).click();
  const row = builder.locator('[data-field-row]').nth(1);
  await row.getByLabel('Label', { exact: true }).fill('Supplier');
  await row.getByLabel('Key').fill('supplier');
  await row.getByLabel('Required').check();
  const properties = builder.getByRole('region', { name: 'Field properties' });
  // Until a table is chosen the form says what is missing.
  await expect(properties.getByText('Choose the table it links to.')).toBeVisible();
  await properties.getByLabel('Links to').selectOption({ label: suppliersName });
  await expect(builder.getByText('The form is valid.')).toBeVisible();
  await builder.screenshot({ path: info.outputPath('link-field-builder.png'), fullPage: true });
  await expect(builder.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await publish(api, formId);

  // One level, filled in by whoever the instance names as its buyer (the requester here).
  const at = (x: number) => ({ description: '', position: { x, y: 0 } });
  const flowName = `Purchases ${suffix}`;
  const flowId = await created(
    api.post('/api/documents', {
      data: {
        kind: 'flow',
        name: flowName,
        content: {
          kind: 'flow',
          schemaVersion: 1,
          description: '',
          nodes: [
            { id: 'start', type: 'start', name: '', ...at(0) },
            {
              id: 'buy',
              type: 'task',
              name: 'Record the purchase',
              ...at(250),
              taskFormId: formId,
              assignment: { type: 'fieldValue', fieldKey: 'buyer' },
            },
            { id: 'end', type: 'end', name: '', ...at(500) },
          ],
          edges: [
            { id: 'e1', source: 'start', target: 'buy', label: '', priority: 0, isDefault: false },
            { id: 'e2', source: 'buy', target: 'end', label: '', priority: 0, isDefault: false },
          ],
          triggers: [{ id: 'manual', type: 'manual' }],
        },
      },
    }),
  );
  await publish(api, flowId);

  // Ines picks Acme in the portal for her first purchase; her second (Globex) and Jon's (Initech) go through
  // the API.
  const ines = await createAccount('Ines Purchaser', ['employee']);
  const jon = await createAccount('Jon Purchaser', ['employee']);
  const work = async (account: typeof ines, purchases: [string, number][], byHand: boolean) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await signIn(context, account);
    for (const [index, [supplier, amount]] of purchases.entries()) {
      await created(
        context.request.post(`/api/flows/${flowId}/instances`, { data: { data: { buyer: account.id } } }),
      );
      const taskId = await myOpenTask(context.request, flowId);
      if (byHand && index === 0) {
        const page = await context.newPage();
        await page.goto(`/portal/tasks/${taskId}`);
        await page.getByLabel('Amount (required)').fill(String(amount));
        const field = page.getByRole('group', { name: 'Supplier (required)' });
        await expect(field).toContainText('None chosen', { timeout: 30_000 });
        await field.getByRole('button', { name: 'Choose Supplier' }).click();
        const picker = page.getByRole('dialog', { name: 'Choose Supplier' });
        await expect(picker.getByRole('list', { name: 'Records' }).getByRole('button')).toHaveCount(3);
        await picker.getByLabel('Search records').fill(supplier);
        await expect(picker.getByRole('list', { name: 'Records' }).getByRole('button')).toHaveCount(1);
        await page.screenshot({ path: info.outputPath('record-picker-390.png'), fullPage: true });
        await picker.getByRole('button', { name: supplier }).click();
        await expect(picker).toBeHidden();
        await expect(field).toContainText(supplier);
        await expectSound(page, 'task-with-link', 390);
        await page.getByRole('button', { name: 'Submit' }).click();
        await expect(page.getByText('None chosen')).toHaveCount(0);
        await expect
          .poll(
            async () => (await (await context.request.get(`/api/portal/tasks/${taskId}`)).json()).status,
            {
              timeout: 30_000,
            },
          )
          .toBe('completed');
        await page.close();
      } else {
        const done = await context.request.post(`/api/portal/tasks/${taskId}/complete`, {
          data: { data: { supplier: supplierIds.get(supplier), amount } },
        });
        expect(done.status(), await done.text()).toBe(204);
      }
    }
    await context.close();
  };
  await work(
    ines,
    [
      ['Acme', 120],
      ['Globex', 80],
    ],
    true,
  );
  await work(jon, [['Initech', 300]], false);

  // The developer builds the dataset over the form's answers, joined to the supplier each answer links to.
  const datasetName = `Purchases by supplier ${suffix}`;
  const datasetId = await created(
    api.post('/api/documents', { data: { kind: 'dataset', name: datasetName } }),
  );
  await builder.goto(`/console/datasets/${datasetId}`);
  await expect(builder.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await builder.getByLabel('Main source').selectOption({ label: `Answers: ${formName}` });
  await builder.getByLabel('Include what Supplier links to').check();
  const groupBy = builder.getByRole('region', { name: 'Group by' });
  await groupBy.getByRole('button', { name: 'Add grouping' }).click();
  await groupBy.getByLabel('Column').selectOption({ label: 'Supplier › Name' });
  const measures = builder.getByRole('region', { name: 'Measures' });
  await measures.getByRole('button', { name: 'Add measure' }).click();
  await measures.getByRole('button', { name: 'Add measure' }).click();
  await measures.getByLabel('Measure', { exact: true }).nth(1).selectOption('sum');
  await measures.getByLabel('Of', { exact: true }).nth(1).selectOption({ label: 'Amount' });
  const sections = builder.getByRole('region', { name: 'Sections' });
  const addSection = async (type: string, title: string, width: string) => {
    await sections.getByRole('button', { name: 'Add section' }).click();
    await sections.getByLabel('Shown as').last().selectOption(type);
    await sections.getByLabel('Title').last().fill(title);
    await sections.getByLabel('Width').last().selectOption(width);
  };
  await addSection('number', 'Purchases', 'third');
  await addSection('bar', 'Spend by supplier', 'half');
  await sections.getByLabel('count', { exact: true }).last().uncheck();
  await addSection('table', 'All purchases', 'full');
  await expect(builder.getByText('The dataset is valid.')).toBeVisible();
  await expect(builder.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await builder.screenshot({ path: info.outputPath('linked-dataset-builder.png'), fullPage: true });
  await publish(api, datasetId);
  await developer.close();

  for (const [account, count, mine, others] of [
    [ines, '2', ['Acme', 'Globex'], ['Initech']],
    [jon, '1', ['Initech'], ['Acme', 'Globex']],
  ] as const) {
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await signIn(context, account);
      const page = await context.newPage();
      await page.goto('/portal/reports');
      await page.getByRole('list', { name: 'Reports' }).getByRole('link', { name: datasetName }).click();
      const kpi = page.getByRole('heading', { name: 'Purchases', exact: true }).locator('..');
      await expect(kpi).toContainText(count, { timeout: 30_000 });
      const table = page.getByRole('table', { name: 'All purchases' });
      await expect(table.getByRole('row')).toHaveCount(mine.length + 1);
      for (const name of mine) await expect(table).toContainText(name);
      for (const name of others) await expect(table).not.toContainText(name);
      await expect(page.locator('figure .recharts-bar-rectangle')).toHaveCount(mine.length);
      await expectSound(page, `linked-report-${account.name.split(' ')[0]}`, width);
      await context.close();
    }
  }

  // A form linking to a table employees may not read: Jon is told so when starting it, and shown no rows.
  const { context: later } = await newSignedInContext(browser, 'Lena Later', ['developer']);
  const ledger = await created(
    later.request.post('/api/documents', {
      data: {
        kind: 'table',
        name: `Ledger ${suffix}`,
        content: { ...suppliersTable, access: { read: ['developer'], write: ['developer'] } },
      },
    }),
  );
  await publish(later.request, ledger);
  await created(
    later.request.post(`/api/tables/${ledger}/records`, { data: { values: { name: 'Secret' } } }),
  );
  const closedForm = await created(
    later.request.post('/api/documents', {
      data: {
        kind: 'taskForm',
        name: `Ledger entry ${suffix}`,
        content: {
          kind: 'taskForm',
          schemaVersion: 3,
          title: 'Ledger entry',
          description: { type: 'doc', content: [] },
          fields: [
            {
              id: 'entry',
              order: 'a0',
              key: 'entry',
              label: 'Entry',
              helpText: '',
              required: false,
              type: 'link',
              targetTableId: ledger,
              cardinality: 'one',
            },
          ],
        },
      },
    }),
  );
  await publish(later.request, closedForm);
  const closedFlow = await created(
    later.request.post('/api/documents', {
      data: {
        kind: 'flow',
        name: `Ledger ${suffix}`,
        content: {
          kind: 'flow',
          schemaVersion: 1,
          description: '',
          nodes: [
            { id: 'start', type: 'start', name: '', ...at(0) },
            { id: 'end', type: 'end', name: '', ...at(250) },
          ],
          edges: [{ id: 'e1', source: 'start', target: 'end', label: '', priority: 0, isDefault: false }],
          triggers: [{ id: 't1', type: 'formSubmission', taskFormId: closedForm }],
        },
      },
    }),
  );
  await publish(later.request, closedFlow);
  await later.close();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await signIn(context, jon);
  const page = await context.newPage();
  await page.goto(`/portal/start/${closedFlow}`);
  const entry = page.getByRole('group', { name: 'Entry' });
  await expect(entry).toContainText('your role may not read the table this field links to', {
    timeout: 30_000,
  });
  await expect(entry.getByRole('button', { name: 'Choose Entry' })).toHaveCount(0);
  await expect(page.getByText('Secret')).toHaveCount(0);
  await expectSound(page, 'link-not-readable', 390);
  await context.close();
});
