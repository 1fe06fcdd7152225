import { expect, test } from '@playwright/test';
import { admin as account } from './accounts';

test('a new installation: create the first account, sign out, sign back in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /create the first account/i })).toBeVisible();
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await page.getByRole('button', { name: `User menu for ${account.name}` }).click();
  await expect(page.getByRole('menu')).toContainText(account.name);
  await page.getByRole('menuitem', { name: 'Sign out' }).click();

  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/email or password/i);

  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `User menu for ${account.name}` })).toBeVisible();
  await expect(page.getByRole('navigation')).toContainText('Flows');
  const me = await page.request.get('/api/auth/me');
  expect((await me.json()).user.email).toBe(account.email);
});
