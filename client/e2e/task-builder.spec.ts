import { expect, type Page, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

const opened = { timeout: 30_000 };
const rows = (page: Page) => page.locator('[data-field-row]');
const labels = (page: Page) =>
  rows(page).evaluateAll((items) =>
    items.map((item) => (item.querySelector('input[name="label"]') as HTMLInputElement).value),
  );

test('the designer: fields dragged from the palette and by keyboard, properties, duplicate, and a preview that checks like the portal', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Dana Designer', ['developer']);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  const created = await context.request.post('/api/documents', { data: { kind: 'taskForm', name: 'Leave' } });
  expect(created.status()).toBe(201);
  await page.goto(`/console/tasks/${(await created.json()).id}`);
  await expect(page.getByText('All changes saved')).toBeVisible(opened);
  await expect(page.getByText('No field selected')).toBeVisible();

  // Click adds at the end; the new field is selected and its label focused.
  await page.getByLabel('Form title').fill('Leave request');
  await page.getByRole('button', { name: 'Add Number' }).click();
  await rows(page).nth(0).getByLabel('Label', { exact: true }).fill('Days');
  await page.getByRole('button', { name: 'Add Short text' }).click();
  await rows(page).nth(1).getByLabel('Label', { exact: true }).fill('Reason');
  await expect(page.getByRole('heading', { name: 'Properties of Reason' })).toBeVisible();

  // Dragged with the pointer from the palette onto the first row: the new field lands before it.
  const source = page.getByRole('button', { name: 'Add Date', exact: true });
  const target = rows(page).nth(0);
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('palette item or row not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 10, { steps: 10 });
  await expect(page.getByText('Drop here to add it at the end.')).toBeVisible();
  await page.mouse.up();
  await expect(rows(page)).toHaveCount(3);
  await rows(page).nth(0).getByLabel('Label', { exact: true }).fill('First day');
  expect(await labels(page)).toEqual(['First day', 'Days', 'Reason']);

  // By keyboard: Space picks the field up, the arrow moves it, Space drops it; a screen reader is told.
  const handle = page.getByRole('button', { name: 'Drag Reason' });
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(handle).toHaveAttribute('aria-pressed', 'true');
  const announcement = page.locator('[id^="DndLiveRegion"]');
  await expect(announcement).toContainText('Field Reason is over position 3 of 3.');
  await page.keyboard.press('ArrowUp');
  await expect(announcement).toContainText('Field Reason is over position 2 of 3.');
  await page.keyboard.press('Space');
  await expect(announcement).toContainText('Field Reason was dropped at position 2 of 3.');
  await expect.poll(() => labels(page)).toEqual(['First day', 'Reason', 'Days']);

  // Properties of the selected field: help text, placeholder, default, rules and when it shows.
  await rows(page).nth(2).getByLabel('Label', { exact: true }).click();
  const properties = page.getByRole('region', { name: 'Field properties' });
  await expect(properties.getByRole('heading', { name: 'Properties of Days' })).toBeVisible();
  await properties.getByLabel('Help text').fill('Working days only.');
  await properties.getByLabel('Placeholder').fill('How many days?');
  await properties.getByLabel('Default value').fill('1');
  await properties.getByLabel('Smallest').fill('1');
  await properties.getByLabel('Largest').fill('30');
  await properties.getByLabel('Whole numbers only').check();
  await rows(page).nth(1).getByLabel('Required').check();

  // Reason shows only for long leaves.
  await rows(page).nth(1).getByLabel('Label', { exact: true }).click();
  const reason = page.getByRole('region', { name: 'Shown when' });
  await reason.getByRole('button', { name: 'Add condition' }).click();
  await reason.getByLabel('Field', { exact: true }).fill('field_1');
  await reason.getByLabel('Operator').selectOption('gt');
  await reason.getByLabel('Value').fill('5');
  await expect(reason.getByLabel('Condition as text')).toContainText('field_1 > 5');

  // Duplicate: a copy right after, with its own key.
  await page.getByRole('button', { name: 'Duplicate First day' }).click();
  await expect(rows(page)).toHaveCount(4);
  await expect(rows(page).nth(1).getByLabel('Label', { exact: true })).toHaveValue('First day (copy)');
  await page.getByRole('button', { name: 'Remove First day (copy)' }).click();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByText('The form is valid.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('task-builder.png'), fullPage: true });

  // The preview renders the form as the portal does and checks it the same way.
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Leave request' })).toBeVisible();
  const days = preview.getByLabel('Days');
  await expect(days).toHaveValue('1');
  await expect(days).toHaveAttribute('placeholder', 'How many days?');
  await expect(preview.getByText('Working days only.')).toBeVisible();
  await expect(preview.getByLabel('Reason')).toHaveCount(0);
  await days.fill('40');
  await expect(preview.getByLabel('Reason (required)')).toBeVisible();
  await preview.getByRole('button', { name: 'Try submitting' }).click();
  await expect(preview.getByRole('status')).toContainText('2 answers need fixing.');
  await days.fill('7');
  await preview.getByLabel('Reason (required)').fill('Family visit');
  await preview.getByLabel('First day').fill('2027-01-04');
  await preview.getByRole('button', { name: 'Try submitting' }).click();
  await expect(preview.getByRole('status')).toContainText('The form accepts these answers.');
  await page.screenshot({ path: test.info().outputPath('task-builder-preview.png'), fullPage: true });
  await context.close();
});
