import { readFile } from 'node:fs/promises';
import { expect, request, test } from '@playwright/test';
import { admin, credentials } from './accounts';

test('a document deleted while someone edits it: the editor says so at once, by whom, stops claiming it saved, and keeps the edits exportable', async ({
  page,
  baseURL,
}) => {
  expect((await page.request.post('/api/auth/login', { data: credentials(admin) })).ok()).toBe(true);
  // A colleague of its own, so this spec depends on no other.
  const colleague = {
    name: 'Dora Deleter',
    email: `dora-${Date.now()}@example.com`,
    password: 'a passphrase for dora',
  };
  expect((await page.request.post('/api/users', { data: { ...colleague, roles: ['developer'] } })).ok()).toBe(
    true,
  );
  const created = await page.request.post('/api/documents', {
    data: { kind: 'taskForm', name: 'Doomed form' },
  });
  const { id } = await created.json();

  await page.goto(`/console/tasks/${id}`);
  // The first open in a new browser: on a failure, the page's main text says where it stopped.
  await expect(page.getByRole('main')).toContainText('All changes saved', { timeout: 30_000 });
  await page.getByLabel('Form title').fill('Edits worth keeping');
  await expect(page.getByText('All changes saved')).toBeVisible();

  const other = await request.newContext({ baseURL });
  expect((await other.post('/api/auth/login', { data: credentials(colleague) })).ok()).toBe(true);
  expect((await other.delete(`/api/documents/${id}`)).status()).toBe(204);
  await other.dispose();

  const alert = page.getByRole('alert').filter({ hasText: 'Dora Deleter deleted this document' });
  await expect(alert).toBeVisible();
  await expect(page.getByText('Not saved — the document was removed')).toBeVisible();
  await expect(page.getByText('All changes saved')).toHaveCount(0);
  await expect(page.getByLabel('Form title')).not.toBeEditable();
  await page.screenshot({ path: 'test-results/document-removed.png', fullPage: true });

  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Export' }).click();
  const exported = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(exported).toMatchObject({ kind: 'taskForm', title: 'Edits worth keeping' });
});
