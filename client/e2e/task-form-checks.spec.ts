import { expect, type Page, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

const opened = { timeout: 30_000 };
const row = (page: Page, index: number) => page.locator('[data-field-row]').nth(index);
const problems = (page: Page) => page.getByRole('list', { name: 'Problems' });

test('the checks name what is missing by label, lead to the field, and clear once it is fixed', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Chris Checks', ['developer']);
  const page = await context.newPage();
  const created = await context.request.post('/api/documents', {
    data: {
      kind: 'taskForm',
      name: 'Trip',
      content: {
        kind: 'taskForm',
        schemaVersion: 1,
        title: 'Trip',
        description: '',
        fields: [
          {
            id: 'f1',
            order: 'a0',
            key: 'purpose',
            type: 'text',
            label: 'Purpose',
            helpText: '',
            required: true,
          },
        ],
      },
    },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/console/tasks/${(await created.json()).id}`);
  await expect(page.getByText('All changes saved')).toBeVisible(opened);
  await expect(page.getByText('The form is valid.')).toBeVisible();

  // A new dropdown: its label takes focus, and the checks say what it still lacks.
  await page.getByRole('button', { name: 'Add Dropdown' }).click();
  const label = row(page, 1).getByLabel('Label', { exact: true });
  await expect(label).toBeFocused();
  await expect(problems(page)).toContainText('Field 2Give this field a label: it is what people see.');
  await expect(problems(page)).toContainText('Add at least one option to choose from.');

  // A check, clicked, focuses its field and the field shows it is the one.
  await page.getByLabel('Form title').focus();
  await problems(page)
    .getByRole('button', { name: /Give this field a label/ })
    .click();
  await expect(label).toBeFocused();
  await expect(label).toHaveAttribute('aria-invalid', 'true');
  await label.fill('Destination city with a name far longer than any check should ever repeat in full');

  await row(page, 1).getByRole('button', { name: 'Add option' }).click();
  await row(page, 1).getByLabel('Option 1 label').fill('Paris');
  await row(page, 1).getByRole('button', { name: 'Add option' }).click();
  await row(page, 1).getByLabel('Option 2 label').fill('paris');
  const repeated = problems(page).getByRole('button', { name: /Another option has this label/ });
  await expect(repeated).toContainText('Field “Destination city with a name far longer…” › Option “paris”');
  await repeated.click();
  await expect(row(page, 1).getByLabel('Option 2 label')).toBeFocused();
  await expect(row(page, 1).getByLabel('Option 2 label')).toHaveAttribute('aria-invalid', 'true');
  await row(page, 1).getByLabel('Option 2 label').fill('Lisbon');
  await expect(page.getByText('The form is valid.')).toBeVisible();

  // A section heading holds no value: no key to fill in.
  await expect(row(page, 0).getByLabel('Key', { exact: true })).toBeVisible();
  await row(page, 0).getByLabel('Type', { exact: true }).selectOption('section');
  await expect(row(page, 0).getByLabel('Key', { exact: true })).toHaveCount(0);
  await expect(page.getByText('The form is valid.')).toBeVisible();
  await context.close();
});

test('removing a field offers Undo; quick edits of two fields are two undo steps', async ({ browser }) => {
  const { context } = await newSignedInContext(browser, 'Uma Undo', ['developer']);
  const page = await context.newPage();
  const created = await context.request.post('/api/documents', { data: { kind: 'taskForm', name: 'Undo' } });
  expect(created.status()).toBe(201);
  await page.goto(`/console/tasks/${(await created.json()).id}`);
  await expect(page.getByText('All changes saved')).toBeVisible(opened);

  await page.getByRole('button', { name: 'Add Short text' }).click();
  await page.getByRole('button', { name: 'Add Short text' }).click();
  await expect(page.locator('[data-field-row]')).toHaveCount(2);
  // Typed one right after the other, well within the time Yjs would merge them.
  await row(page, 0).getByLabel('Label', { exact: true }).fill('Start');
  await row(page, 1).getByLabel('Label', { exact: true }).fill('End');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(row(page, 1).getByLabel('Label', { exact: true })).toHaveValue('');
  await expect(row(page, 0).getByLabel('Label', { exact: true })).toHaveValue('Start');

  await page.getByRole('button', { name: 'Remove Start' }).click();
  await expect(page.locator('[data-field-row]')).toHaveCount(1);
  const toast = page.getByRole('status').filter({ hasText: 'Removed “Start”.' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('[data-field-row]')).toHaveCount(2);
  await expect(row(page, 0).getByLabel('Label', { exact: true })).toHaveValue('Start');
  await expect(toast).toHaveCount(0);
  await context.close();
});
