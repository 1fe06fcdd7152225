import { expect, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

const opened = { timeout: 30_000 };

test('the console opens with no network: the shell, the list and a document come from this browser; edits sync once back', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Olga Offline', ['developer']);
  const page = await context.newPage();
  const created = await context.request.post('/api/documents', {
    data: { kind: 'taskForm', name: 'Travel expenses' },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;

  // Online first: the list and the document are opened once, and the service worker has the app.
  await page.goto('/console/tasks');
  await expect(page.getByRole('link', { name: 'Travel expenses' })).toBeVisible(opened);
  await page.goto(`/console/tasks/${id}`);
  await expect(page.getByText('All changes saved')).toBeVisible(opened);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  // On the train: a reload with no network still opens the console, says it is offline, and the document
  // can be edited.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('You are offline.')).toBeVisible(opened);
  await expect(page.getByRole('heading', { name: 'Travel expenses' })).toBeVisible(opened);
  await page.getByRole('button', { name: 'Add Short text' }).click();
  await page
    .locator('[data-field-row]')
    .first()
    .getByLabel('Label', { exact: true })
    .fill('Written on the train');
  await expect(page.getByText(/^Offline/)).toBeVisible();

  // The list too, as this browser last saw it.
  await page.goto('/console/tasks');
  await expect(page.getByText('You are offline.')).toBeVisible(opened);
  await expect(page.getByRole('link', { name: 'Travel expenses' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('offline-list.png'), fullPage: true });

  // Back online: the notice goes and the edit reaches the server (a colleague sees it).
  await page.goto(`/console/tasks/${id}`);
  await expect(page.locator('[data-field-row]')).toHaveCount(1, opened);
  await context.setOffline(false);
  await expect(page.getByText('All changes saved')).toBeVisible(opened);
  await expect(page.getByText('You are offline.')).toHaveCount(0);
  const { context: colleague } = await newSignedInContext(browser, 'Carl Colleague', ['developer']);
  const other = await colleague.newPage();
  await other.goto(`/console/tasks/${id}`);
  await expect(other.locator('[data-field-row]').first().getByLabel('Label', { exact: true })).toHaveValue(
    'Written on the train',
    opened,
  );
  await colleague.close();
  await context.close();
});
