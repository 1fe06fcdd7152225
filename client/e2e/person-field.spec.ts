import { expect, test } from '@playwright/test';
import { createAccount, newSignedInContext } from './accounts';

// A task form's person field, in the renderer the portal and the builder's preview share: the people chosen by
// name (the current user by default), colleagues found by typing, removed again.

test('a person field names the people chosen and finds colleagues by name', async ({ browser }) => {
  const { context, account } = await newSignedInContext(browser, 'Pia Picker', ['developer']);
  const colleague = await createAccount('Quinn Colleague', ['employee']);
  const reviewers = {
    ...{ id: 'reviewers', order: 'a0', key: 'reviewers', type: 'user', label: 'Reviewers' },
    ...{ helpText: '', required: true, multiple: true, default: 'currentUser' },
  };
  const created = await context.request.post('/api/documents', {
    data: {
      kind: 'taskForm',
      name: 'Review request',
      content: {
        kind: 'taskForm',
        schemaVersion: 1,
        title: 'Ask for a review',
        description: '',
        fields: [reviewers],
      },
    },
  });
  expect(created.status()).toBe(201);
  const page = await context.newPage();
  await page.goto(`/console/tasks/${(await created.json()).id}`);
  await expect(page.getByRole('main')).toContainText('All changes saved', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });

  // The default is the person filling it in, by name, not by id.
  const chosen = preview.getByRole('list', { name: 'Chosen for Reviewers' });
  await expect(chosen.getByRole('listitem')).toHaveText([account.name]);

  // A colleague found by part of the name, picked from the directory's suggestions.
  const search = preview.getByLabel('Add someone to Reviewers');
  await search.fill(`${colleague.name} <${colleague.email}>`);
  await expect(chosen.getByRole('listitem')).toHaveText([account.name, colleague.name]);
  await expect(search).toHaveValue('');
  await page.screenshot({ path: test.info().outputPath('person-field.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('person-field-phone.png') });

  // Removed again; the form then says someone is needed.
  await chosen.getByRole('button', { name: `Remove ${account.name}` }).click();
  await chosen.getByRole('button', { name: `Remove ${colleague.name}` }).click();
  await expect(preview.getByText('Nobody chosen')).toBeVisible();
  await preview.getByRole('button', { name: 'Try submitting' }).click();
  await expect(preview.getByRole('status')).toContainText('One answer needs fixing.');
  await context.close();
});
