import { expect, type Page, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';

// Database builder end to end: two developers design two linked tables together, publish each after reading
// its migration, add a record in the grid, and a later version's required field with a default fills the rows.

const emptyTable = {
  kind: 'table',
  schemaVersion: 2,
  description: '',
  displayFieldId: null,
  fields: [],
  access: { read: ['developer'], write: ['developer'] },
};

const lastField = (page: Page) => page.locator('[data-field-row]').last();

// `existing`: the fields the page must show first (a colleague's included), so the new one is known by count.
async function addField(page: Page, type: string, name: string, existing: number) {
  await expect(page.locator('[data-field-row]')).toHaveCount(existing);
  await page.getByLabel('Type of the new field').selectOption({ label: type });
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.locator('[data-field-row]')).toHaveCount(existing + 1);
  await lastField(page).getByLabel('Name', { exact: true }).fill(name);
}

async function publish(page: Page, expectedStep: string) {
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('region', { name: 'Migration' })).toContainText(expectedStep);
  return dialog;
}

test('two developers design linked tables, publish their migrations and fill the grid', async ({
  browser,
}, info) => {
  test.setTimeout(240_000);
  const alice = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const bob = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await signIn(alice, await createAccount('Alice Tables', ['developer']));
  await signIn(bob, await createAccount('Bob Tables', ['developer']));
  const create = async (name: string) => {
    const response = await alice.request.post('/api/documents', {
      data: { kind: 'table', name, content: emptyTable },
    });
    expect(response.status()).toBe(201);
    return (await response.json()).id as string;
  };
  const customers = await create(`Customers ${info.workerIndex}-${Date.now()}`);
  const orders = await create(`Orders ${info.workerIndex}-${Date.now()}`);

  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  for (const page of [pageA, pageB]) {
    await page.goto(`/console/database/${customers}`);
    await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  }
  // Alice adds the name; Bob sees it and makes it unique.
  await addField(pageA, 'Short text', 'Company name', 0);
  await expect(lastField(pageB).getByLabel('Name', { exact: true })).toHaveValue('Company name');
  await lastField(pageB).getByLabel('Unique').check();
  await expect(lastField(pageA).getByLabel('Unique')).toBeChecked();

  const dialog = await publish(pageA, 'Create the table.');
  await expect(dialog).toContainText('Add the field “Company name” (text).');
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(dialog).toBeHidden();

  // Orders: Bob links each order to a customer, Alice adds its number.
  for (const page of [pageA, pageB]) {
    await page.goto(`/console/database/${orders}`);
    await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  }
  await addField(pageA, 'Short text', 'Order number', 0);
  await addField(pageB, 'Link to another table', 'Customer', 1);
  await lastField(pageB)
    .getByLabel('Links to')
    .selectOption({ label: await customerName(pageB, customers) });
  await expect(pageA.getByRole('list', { name: 'Links to other tables' })).toContainText('Customers');
  await pageA.screenshot({ path: info.outputPath('tables-designer.png'), fullPage: true });
  const ordersDialog = await publish(pageB, 'Add the field “Customer” (link).');
  await pageB.screenshot({ path: info.outputPath('tables-migration-preview.png') });
  await ordersDialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(ordersDialog).toBeHidden();

  // A customer added in the grid.
  await pageA.goto(`/console/database/${customers}`);
  await pageA.getByRole('tab', { name: 'Data' }).click();
  await pageA.getByRole('button', { name: 'Add record' }).click();
  await pageA.getByRole('button', { name: /Company name of this record: empty/ }).click();
  await pageA.getByLabel('Company name of this record').fill('Acme');
  await pageA.getByLabel('Company name of this record').press('Enter');
  await expect(pageA.getByRole('button', { name: 'Company name of this record: Acme' })).toBeVisible();

  // Version 2 adds a required status with a default: the migration fills the existing row.
  await pageA.getByRole('tab', { name: 'Design' }).click();
  await addField(pageA, 'Short text', 'Status', 1);
  await lastField(pageA).getByLabel('Required').check();
  await lastField(pageA).getByText('Default and rules of Status').click();
  await lastField(pageA).getByLabel('Default value').fill('new');
  const second = await publish(
    pageA,
    'Make “Status” required, filling rows without a value with its default.',
  );
  await expect(second.getByRole('region', { name: 'Migration' })).toContainText('from version 1');
  await second.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(second).toBeHidden();
  await pageA.getByRole('tab', { name: 'Data' }).click();
  await expect(pageA.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await expect(pageA.getByRole('button', { name: 'Status of this record: new' })).toBeVisible();
  // The record's history: created, then the name typed in the grid.
  await pageA.getByRole('button', { name: 'Changes of this record' }).click();
  const history = pageA.getByRole('dialog', { name: 'Changes of this record' });
  await expect(history.getByRole('list', { name: 'Changes' })).toContainText('field_1: — → Acme');
  await history.getByRole('button', { name: 'Close' }).first().click();
  await pageA.screenshot({ path: info.outputPath('tables-grid.png'), fullPage: true });

  // An order linked to its customer by searching the customers, shown by name rather than id.
  await pageB.goto(`/console/database/${orders}`);
  await pageB.getByRole('tab', { name: 'Data' }).click();
  await pageB.getByRole('button', { name: 'Add record' }).click();
  await pageB.getByRole('button', { name: 'Customer of this record: empty' }).click();
  const picker = pageB.getByRole('dialog', { name: 'Customer of this record' });
  await picker.getByLabel('Search records').fill('Acme');
  await picker.getByRole('list', { name: 'Records' }).getByRole('button', { name: 'Acme' }).click();
  await expect(picker).toBeHidden();
  await expect(pageB.getByRole('button', { name: 'Customer of this record: Acme' })).toBeVisible();
  await pageB.reload();
  await pageB.getByRole('tab', { name: 'Data' }).click();
  await expect(pageB.getByRole('button', { name: 'Customer of this record: Acme' })).toBeVisible({
    timeout: 30_000,
  });
  await alice.close();
  await bob.close();
});

async function customerName(page: Page, id: string): Promise<string> {
  const response = await page.request.get(`/api/documents/${id}`);
  return (await response.json()).name as string;
}
