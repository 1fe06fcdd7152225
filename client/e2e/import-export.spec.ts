import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';

test('a task form exported as JSON starts a new one; a file that is not a task form is refused; choice fields get options', async ({
  page,
}) => {
  await signIn(page.context(), await createAccount('Ivy Importer', ['developer']));
  const content = {
    kind: 'taskForm',
    schemaVersion: 1,
    title: 'Travel request',
    description: '',
    fields: [
      {
        id: 'dest',
        key: 'destination',
        type: 'text',
        label: 'Destination',
        helpText: '',
        required: true,
        order: 'a0',
      },
      {
        id: 'from',
        key: 'leaving_on',
        type: 'date',
        label: 'Leaving on',
        helpText: '',
        required: true,
        order: 'a1',
      },
    ],
  };
  const created = await page.request.post('/api/documents', {
    data: { kind: 'taskForm', name: 'Travel', content },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/console/tasks/${(await created.json()).id}`);
  // Opening a live document on a busy 2-core machine: bounded, but generous.
  await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Form title')).toHaveValue('Travel request');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const exported = await (await download).path();
  expect(JSON.parse(await readFile(exported, 'utf8'))).toMatchObject({
    kind: 'taskForm',
    title: 'Travel request',
    fields: [{ key: 'destination' }, { key: 'leaving_on' }],
  });

  await page.goto('/console/tasks');
  await page.getByRole('button', { name: 'New task form' }).click();
  const dialog = page.getByRole('dialog', { name: 'New task form' });
  await dialog.getByLabel('Name').fill('Travel (copy)');
  await dialog.getByLabel(/Start from a file/).setInputFiles({
    name: 'flow.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...content, kind: 'flow' })),
  });
  await dialog.getByRole('button', { name: 'Create task form' }).click();
  await expect(dialog.getByText(/This file is not valid here/)).toBeVisible();

  await dialog.getByLabel(/Start from a file/).setInputFiles(exported);
  await dialog.getByRole('button', { name: 'Create task form' }).click();
  await expect(page.getByRole('heading', { name: 'Travel (copy)' })).toBeVisible();
  await expect(page.getByLabel('Form title')).toHaveValue('Travel request');
  await expect
    .poll(() =>
      page
        .locator('[data-field-row] input[name="label"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    )
    .toEqual(['Destination', 'Leaving on']);

  // A choice field gets its options right there.
  const destination = page.locator('[data-field-row]').first();
  await destination.getByLabel('Type').selectOption('select');
  await destination.getByRole('button', { name: 'Add option' }).click();
  await destination.getByLabel('Option 1 label').fill('Paris');
  await destination.getByRole('button', { name: 'Add option' }).click();
  await destination.getByLabel('Option 2 label').fill('Lisbon');
  await expect(destination.getByLabel('Option 2 value')).toHaveValue('option_2');
  await expect(page.getByText('The form is valid.')).toBeVisible();
  await destination.getByLabel('Option 2 value').fill('option_1');
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText('Another option has this value.');
});
