import { expect, type Page, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';

// The data grid's filters (typed operators, chips, kept in the URL, keyboard) and sort, and a file field's
// upload, download and removal, on a table published through the API.

const statuses = ['new', 'approved', 'rejected'];
const field = (order: string, key: string, type: string, name: string, settings: object = {}) => ({
  ...{ description: '', required: false, unique: false },
  ...{ id: key, order, key, name, type },
  ...settings,
});
const options = statuses.map((value, index) => ({ id: value, order: `a${index}`, label: value, value }));
const table = {
  ...{ kind: 'table', schemaVersion: 2, description: '', displayFieldId: null },
  access: { read: ['developer'], write: ['developer'] },
  fields: [
    field('a0', 'title', 'text', 'Title'),
    field('a1', 'status', 'select', 'Status', { options }),
    field('a2', 'amount', 'decimal', 'Amount', { scale: 2 }),
    field('a3', 'quote', 'file', 'Quote'),
  ],
};
const rows = [
  ['Chairs', 'approved', 120],
  ['Desk', 'approved', 80],
  ['Lamp', 'new', 40],
  ['Printer', 'rejected', 300],
  ['Monitor', 'approved', 250],
] as const;

const titles = (page: Page) =>
  page
    .getByRole('button', { name: /^Title of this record: / })
    .evaluateAll((buttons) => buttons.map((button) => button.textContent ?? ''));

test('filters, sorts and attaches files in the data grid, the view kept in the URL', async ({
  browser,
}, info) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await signIn(context, await createAccount('Grid Developer', ['developer']));
  const created = await context.request.post('/api/documents', {
    data: { kind: 'table', name: `Purchases ${info.workerIndex}-${Date.now()}`, content: table },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  expect(
    (await context.request.post(`/api/documents/${id}/publish`, { data: { message: '' } })).status(),
  ).toBe(201);
  for (const [title, status, amount] of rows) {
    const response = await context.request.post(`/api/tables/${id}/records`, {
      data: { values: { title, status, amount } },
    });
    expect(response.status()).toBe(201);
  }

  const page = await context.newPage();
  await page.goto(`/console/database/${id}?view=data`);
  // The first open in a new browser: on a failure, the page's main text says where it stopped.
  await expect(page.getByRole('main')).toContainText('Monitor', { timeout: 30_000 });
  await expect.poll(() => titles(page)).toHaveLength(rows.length);

  // A select field's filter offers its options; the chip says it in words.
  await page.getByRole('button', { name: 'Add filter' }).click();
  const form = page.getByRole('form', { name: 'New filter' });
  await form.getByLabel('Field').selectOption({ label: 'Status' });
  await expect(form.getByLabel('Condition').locator('option')).toHaveText([
    'is',
    'is not',
    'contains',
    'is one of',
    'is empty',
  ]);
  await form.getByLabel('Value').selectOption('approved');
  await form.getByRole('button', { name: 'Apply filter' }).click();
  const filters = page.getByRole('region', { name: 'Filters' });
  await expect(filters).toContainText('Status is approved');
  await expect.poll(() => titles(page)).toEqual(['Chairs', 'Desk', 'Monitor']);

  // A number takes ordered operators, by keyboard alone.
  await page.getByRole('button', { name: 'Add filter' }).focus();
  await page.keyboard.press('Enter');
  await form.getByLabel('Field').selectOption({ label: 'Amount' });
  await form.getByLabel('Condition').selectOption({ label: 'is at least' });
  await form.getByLabel('Value').fill('100');
  await form.getByLabel('Value').press('Enter');
  await expect(filters).toContainText('Amount is at least 100');
  await expect.poll(() => titles(page)).toEqual(['Chairs', 'Monitor']);

  // Sorting by a column header, newest view in the URL; a reload shows the same rows.
  await page.getByRole('button', { name: 'Amount', exact: true }).click();
  await page.getByRole('button', { name: 'Amount', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Amount' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => titles(page)).toEqual(['Monitor', 'Chairs']);
  expect(decodeURIComponent(page.url())).toContain('filter[status][eq]=approved');
  expect(decodeURIComponent(page.url())).toContain('sort=-amount');
  await page.reload();
  await expect(filters).toContainText('Status is approved');
  await expect.poll(() => titles(page)).toEqual(['Monitor', 'Chairs']);
  await page.screenshot({ path: info.outputPath('grid-filters.png'), fullPage: true });

  // A chip's × removes its filter; "Clear filters" removes the rest.
  await page.getByRole('button', { name: 'Remove the filter Amount is at least 100' }).focus();
  await page.keyboard.press('Enter');
  await expect(filters).not.toContainText('Amount is at least 100');
  await expect.poll(() => titles(page)).toEqual(['Monitor', 'Chairs', 'Desk']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(filters).not.toContainText('Status is approved');
  await expect.poll(() => titles(page)).toHaveLength(rows.length);
  expect(decodeURIComponent(page.url())).not.toContain('filter[');

  // A file field: upload into a record, download it, remove it.
  await page.getByRole('button', { name: 'Quote of this record: no files' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Quote of this record' });
  await expect(dialog).toContainText('No files yet');
  await dialog.getByLabel('Upload a file').setInputFiles({
    name: 'quote.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Three chairs, 120 EUR.\n'),
  });
  const link = dialog.getByRole('link', { name: 'quote.txt' });
  await expect(link).toBeVisible();
  await page.screenshot({ path: info.outputPath('grid-file.png'), fullPage: true });
  const download = await context.request.get((await link.getAttribute('href')) ?? '');
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe('Three chairs, 120 EUR.\n');
  await expect(page.getByRole('button', { name: 'Quote of this record: 1 file' })).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Remove quote.txt' }).click();
  await expect(dialog).toContainText('No files yet');
  await expect(page.getByRole('button', { name: 'Quote of this record: 1 file' })).toHaveCount(0);
});
