import { expect, type Page, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

const isFocusInside = (page: Page, selector: string) =>
  page.evaluate(
    (target) => document.querySelector(target)?.contains(document.activeElement) ?? false,
    selector,
  );

test('a dialog focuses its first field and gives focus back to its opener however it closes', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Kim Keys', ['developer']);
  const page = await context.newPage();
  const created = await context.request.post('/api/documents', {
    data: { kind: 'taskForm', name: 'Holiday request' },
  });
  expect(created.status()).toBe(201);
  await page.goto('/console/tasks');

  const opener = page.getByRole('button', { name: 'New task form' }).first();
  const dialog = page.getByRole('dialog', { name: 'New task form' });
  const closeBy = {
    'the Escape key': () => page.keyboard.press('Escape'),
    'the Cancel button': () => dialog.getByRole('button', { name: 'Cancel' }).click(),
    'the × button': () => dialog.getByRole('button', { name: 'Close' }).click(),
  };
  for (const [way, close] of Object.entries(closeBy)) {
    await test.step(way, async () => {
      await opener.click();
      await expect(dialog.getByLabel('Name')).toBeFocused();
      await close();
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
    });
  }

  // Opened from a row's menu by keyboard: focus goes back to that menu's button.
  const rowMenu = page.getByRole('button', { name: 'Actions for Holiday request' });
  await rowMenu.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('menuitem', { name: 'Rename' }).press('Enter');
  const rename = page.getByRole('dialog', { name: 'Rename task form' });
  await expect(rename.getByLabel('Name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(rename).toHaveCount(0);
  await expect(rowMenu).toBeFocused();
  await context.close();
});

test('on a phone the navigation drawer is a modal dialog that keeps focus inside until it closes', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Pat Phone', ['developer']);
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/console');

  const opener = page.getByRole('button', { name: 'Open navigation' });
  await opener.click();
  const drawer = page.getByRole('dialog', { name: 'Navigation' });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('link', { name: 'Dashboard', exact: true })).toBeVisible();
  expect(await isFocusInside(page, '#mobile-nav')).toBe(true);

  // Around the whole drawer and further, both ways: focus never reaches the page behind it.
  const stops = await drawer.locator('a, button').count();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let step = 0; step < stops + 2; step += 1) {
      await page.keyboard.press(key);
      expect(await isFocusInside(page, '#mobile-nav'), `${key} × ${step + 1}`).toBe(true);
    }
  }
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(opener).toBeFocused();

  // Choosing a page closes it too.
  await opener.click();
  await drawer.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await expect(drawer).toHaveCount(0);
  await context.close();
});
