import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { type Account, createAccount, newSignedInContext, signIn } from './accounts';

// Every page of the app, at a desktop and a phone width: nothing sticks out sideways, and axe finds nothing.
// E2E_SCREENSHOTS=<folder> also saves a full-page screenshot of each, to look at.

const widths = { desktop: 1440, phone: 390 };
// Lazy pages, a live document and axe itself are slow on a busy 2-core machine: bounded, but generous.
test.describe.configure({ timeout: 120_000 });
const loaded = { timeout: 30_000 };

async function expectPageIsSound(page: Page, name: string, width: number) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(loaded);
  await expect(page.getByRole('status').filter({ hasText: /Loading|Opening/ })).toHaveCount(0, loaded);
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 120));
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect(overflow.scrollWidth, `${name} at ${width}px overflows: ${overflow.wide.join(' | ')}`).toBe(
    overflow.clientWidth,
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`,
    ),
    `${name} at ${width}px`,
  ).toEqual([]);
  if (process.env.E2E_SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

// Made once per worker: an admin and developer with a task form and a flow to open, and a reviewer.
let tour: { admin: Account; reviewer: Account; formId: string; flowId: string } | undefined;

test.beforeAll(async ({ browser }) => {
  const { context, account } = await newSignedInContext(browser, 'Tess Tour', ['admin', 'developer']);
  const create = async (kind: string, name: string, content?: unknown) => {
    const response = await context.request.post('/api/documents', { data: { kind, name, content } });
    expect(response.status()).toBe(201);
    return (await response.json()).id as string;
  };
  const formId = await create('taskForm', 'Expense claim with a rather long name that has to wrap', {
    kind: 'taskForm',
    schemaVersion: 1,
    title: 'Expense claim',
    description: 'Ask for money back.',
    fields: [
      { id: 'f1', order: 'a0', key: 'amount', type: 'currency', currencyCode: 'EUR', label: 'Amount' },
      {
        id: 'f2',
        order: 'a1',
        key: 'category',
        type: 'dropdown',
        label: 'Category',
        options: [{ id: 'o1', order: 'a0', label: 'Travel', value: 'travel' }],
      },
    ].map((field) => ({ helpText: '', required: true, ...field })),
  });
  const flowId = await create('flow', 'Expense approval');
  // A published version, and a draft edited since, for the versions, compare and history pages.
  const published = await context.request.post(`/api/documents/${formId}/publish`, {
    data: { message: 'First' },
  });
  expect(published.status()).toBe(201);
  await context.close();
  tour = { admin: account, reviewer: await createAccount('Rex Reviewer', ['reviewer']), formId, flowId };
});

const pages: [string, (ids: { formId: string; flowId: string }) => string][] = [
  ['dashboard', () => '/console'],
  ['task-forms', () => '/console/tasks'],
  ['task-form-builder', ({ formId }) => `/console/tasks/${formId}`],
  ['flows', () => '/console/flows'],
  ['flow', ({ flowId }) => `/console/flows/${flowId}`],
  ['triggers', () => '/console/triggers'],
  ['tables', () => '/console/database'],
  ['datasets', () => '/console/datasets'],
  ['hierarchy', () => '/console/hierarchy'],
  ['integrations', () => '/console/integrations'],
  ['users', () => '/console/users'],
  ['audit', () => '/console/audit'],
  ['inbox', () => '/portal/inbox'],
  ['my-flows', () => '/portal/flows'],
  ['reports', () => '/portal/reports'],
  ['account', () => '/account'],
  ['versions', ({ formId }) => `/console/tasks/${formId}/versions`],
  ['version', ({ formId }) => `/console/tasks/${formId}/versions/1`],
  ['compare', ({ formId }) => `/console/tasks/${formId}/compare?from=1&to=draft`],
  ['history', ({ formId }) => `/console/tasks/${formId}/history`],
  ['publishing-settings', () => '/console/settings'],
  ['start-a-flow', () => '/portal/start'],
  ['not-found', () => '/console/no-such-page'],
];

for (const [label, width] of Object.entries(widths)) {
  test.describe(`at ${label} width (${width} px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const [name, path] of pages) {
      test(name, async ({ browser }) => {
        if (!tour) throw new Error('beforeAll did not run');
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        await signIn(context, tour.admin);
        const page = await context.newPage();
        await page.goto(path(tour));
        await expectPageIsSound(page, name, width);
        await context.close();
      });
    }

    test('reviewer dashboard', async ({ browser }) => {
      if (!tour) throw new Error('beforeAll did not run');
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await signIn(context, tour.reviewer);
      const page = await context.newPage();
      await page.goto('/console');
      await expectPageIsSound(page, 'reviewer-dashboard', width);
      await context.close();
    });

    test('sign-in page', async ({ page }) => {
      await page.goto('/login');
      await expectPageIsSound(page, 'login', width);
    });
  });
}
