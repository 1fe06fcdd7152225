import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { admin, credentials } from './accounts';

// This spec's own people, made through the API by the installation's admin.
const ada = { name: 'Ada Publisher', email: 'ada.publisher@example.com', password: 'ada publishes versions' };
const ben = { name: 'Ben Colleague', email: 'ben.colleague@example.com', password: 'ben edits along' };
const rhea = { name: 'Rhea Reviewer', email: 'rhea.reviewer@example.com', password: 'rhea reads diffs' };

// With E2E_SCREENSHOTS=<folder>, every screen of the flow is saved there at 1440 and 390 px wide.
const screenshotDir = process.env.E2E_SCREENSHOTS;

// Approval is one setting for the whole installation: these tests switch it, so they run one after the other,
// in a project of their own after every other spec (playwright.config.ts).
test.describe.configure({ mode: 'default' });

// Shared, busy machines: a first page load (the console's lazy chunks) may take a while.
const eventually = expect.configure({ timeout: 30_000 });
test.setTimeout(screenshotDir ? 600_000 : 300_000);
async function capture(page: Page, name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function signedInPage(browser: Browser, account: { email: string; password: string }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const response = await context.request.post('/api/auth/login', { data: credentials(account) });
  expect(response.ok()).toBe(true);
  return context.newPage();
}

async function ensureUser(request: APIRequestContext, account: typeof ada, roles: string[]) {
  const created = await request.post('/api/users', { data: { ...account, roles } });
  expect([201, 409]).toContain(created.status());
}

// The admin makes this spec's people (once; later tests find them) and starts with approval off.
async function setUpPeople(request: APIRequestContext) {
  expect((await request.post('/api/auth/login', { data: credentials(admin) })).ok()).toBe(true);
  await ensureUser(request, ada, ['developer']);
  await ensureUser(request, ben, ['developer']);
  await ensureUser(request, rhea, ['reviewer']);
  await setApprovalRequired(request, false);
}

async function setApprovalRequired(request: APIRequestContext, requiresApproval: boolean) {
  const response = await request.put('/api/settings/publishing', { data: { requiresApproval } });
  expect(response.ok()).toBe(true);
}

const field = (id: string, label: string, order: string) => ({
  id,
  key: id,
  type: 'text',
  label,
  helpText: '',
  required: true,
  order,
});

test('publish shows who made each change; a reviewer compares side by side, finds the element and approves', async ({
  browser,
  request,
}) => {
  await setUpPeople(request);

  const adaPage = await signedInPage(browser, ada);
  const created = await adaPage.request.post('/api/documents', {
    data: {
      kind: 'taskForm',
      name: 'Expense claim',
      content: {
        kind: 'taskForm',
        schemaVersion: 1,
        title: 'Expense claim',
        description: '',
        fields: [field('amount', 'Amount', 'a0'), field('reason', 'Reason', 'a1')],
      },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const editorPath = `/console/tasks/${id}`;

  // Ada publishes the first version.
  await adaPage.goto(editorPath);
  await eventually(adaPage.getByText('All changes saved')).toBeVisible();
  await adaPage.getByRole('button', { name: 'Publish', exact: true }).click();
  let dialog = adaPage.getByRole('dialog', { name: 'Publish' });
  await expect(dialog.getByRole('list', { name: 'Changes in the first version' })).toContainText(
    'Field “Amount” was added',
  );
  await capture(adaPage, 'publish-first');
  await dialog.getByLabel('Message').fill('First version');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(adaPage.getByRole('status').filter({ hasText: 'Version 1 is live.' })).toBeVisible();

  // Ben renames a field, Ada retitles the form.
  const benPage = await signedInPage(browser, ben);
  await benPage.goto(editorPath);
  await eventually(benPage.getByText('All changes saved')).toBeVisible();
  await benPage.locator('[data-field-row="amount"] input[name="label"]').fill('Total amount');
  await expect(benPage.getByText('All changes saved')).toBeVisible();
  await expect(adaPage.locator('[data-field-row="amount"] input[name="label"]')).toHaveValue('Total amount');
  await adaPage.getByLabel('Form title').fill('Expense claim form');
  await expect(adaPage.getByText('All changes saved')).toBeVisible();

  // Publishing now needs approval; Ada's dialog names Ben beside his change, and only beside his.
  await setApprovalRequired(request, true);
  await adaPage.getByRole('button', { name: 'Publish', exact: true }).click();
  dialog = adaPage.getByRole('dialog', { name: 'Publish for review' });
  const changes = dialog.getByRole('list', { name: 'Changes since version 1' });
  const benChange = changes.getByRole('listitem').filter({ hasText: 'Field “Total amount”: label changed' });
  await expect(benChange).toContainText('“Amount” → “Total amount”');
  await expect(benChange).toContainText(`by ${ben.name}`);
  const adaChange = changes.getByRole('listitem').filter({ hasText: 'Title changed' });
  await expect(adaChange).toContainText(`by ${ada.name}`);
  await expect(adaChange).not.toContainText(ben.name);
  await expect(dialog).toContainText(`${ben.name} also edited since the last version`);
  await capture(adaPage, 'publish-by-author');
  await dialog.getByLabel('Message').fill('Clearer labels');
  await dialog.getByRole('button', { name: 'Publish for review' }).click();
  await expect(
    adaPage.getByRole('status').filter({ hasText: 'Version 2 waits for a reviewer’s approval' }),
  ).toBeVisible();

  // Rhea reviews: the candidate is shown as such; the side-by-side diff shows the element a change is about.
  const rheaPage = await signedInPage(browser, rhea);
  await rheaPage.goto(`${editorPath}/versions`);
  await eventually(rheaPage.getByText('Version 2 waits for approval.')).toBeVisible();
  await capture(rheaPage, 'versions');
  await rheaPage.getByRole('link', { name: 'Review it' }).click();
  await eventually(rheaPage.getByRole('heading', { name: 'Review of version 2' })).toBeVisible();
  const renamed = rheaPage.getByRole('button', { name: /Field “Total amount”: label changed/ });
  await renamed.click();
  await expect(renamed).toHaveAttribute('aria-pressed', 'true');
  const highlighted = rheaPage.locator('[data-entity-id="amount"][data-selected]');
  await expect(highlighted).toHaveCount(2);
  for (const side of await highlighted.all()) {
    await expect(side).toBeInViewport();
    await expect(side).toHaveAttribute('data-change', 'changed');
  }
  await capture(rheaPage, 'compare');

  await rheaPage.getByLabel('Your review').fill('Clearer indeed.');
  await expect(rheaPage.getByLabel('About field “Total amount”')).toBeChecked();
  await rheaPage.getByRole('button', { name: 'Approve' }).click();
  const thread = rheaPage.getByRole('list', { name: 'Review threads' }).getByRole('listitem').first();
  await expect(thread).toContainText('Approved');
  await expect(thread).toContainText('Clearer indeed.');
  await expect(thread.getByRole('button', { name: 'On field “Total amount”' })).toBeVisible();
  await expect(rheaPage.getByRole('heading', { name: 'Version 2', exact: true }).locator('..')).toContainText(
    'Live',
  );
  await capture(rheaPage, 'compare-approved');

  await rheaPage.goto(`${editorPath}/versions`);
  await eventually(rheaPage.locator('tr[data-version="2"]')).toContainText('Live');
  await expect(rheaPage.locator('tr[data-version="1"]')).toContainText('Earlier');
  await expect(rheaPage.locator('tr[data-version="2"]')).toContainText(`by ${rhea.name}`);

  await setApprovalRequired(request, false);
});

test('a flow: the publish dialog names who changed which step; a reviewer sees it on both canvases and approves', async ({
  browser,
  request,
}) => {
  await setUpPeople(request);

  // A published form, and a flow using it (request → manager approval → approved), published as version 1.
  const adaPage = await signedInPage(browser, ada);
  const createPublished = async (kind: string, name: string, content: object) => {
    const created = await adaPage.request.post('/api/documents', { data: { kind, name, content } });
    expect(created.status()).toBe(201);
    const { id } = await created.json();
    const published = await adaPage.request.post(`/api/documents/${id}/publish`, {
      data: { message: 'First' },
    });
    expect(published.status()).toBe(201);
    return id as string;
  };
  const formId = await createPublished('taskForm', 'Purchase form', {
    kind: 'taskForm',
    schemaVersion: 1,
    title: 'Purchase',
    description: '',
    fields: [field('amount', 'Amount', 'a0')],
  });
  const step = (id: string, y: number, rest: object) => ({
    id,
    description: '',
    position: { x: 0, y },
    ...rest,
  });
  const edge = (id: string, source: string, target: string) => ({
    id,
    source,
    target,
    label: '',
    priority: 0,
    isDefault: false,
  });
  const flowId = await createPublished('flow', 'Purchase approval', {
    kind: 'flow',
    schemaVersion: 1,
    description: '',
    nodes: [
      step('request', 0, { type: 'start', name: 'Request' }),
      step('approve', 150, {
        type: 'task',
        name: 'Manager approval',
        taskFormId: formId,
        assignment: { type: 'managerOfRequester' },
      }),
      step('done', 300, { type: 'end', name: 'Approved' }),
    ],
    edges: [edge('e1', 'request', 'approve'), edge('e2', 'approve', 'done')],
    triggers: [{ id: 't1', type: 'manual' }],
  });
  const editorPath = `/console/flows/${flowId}`;
  const stepNamed = (page: Page, name: string) =>
    page.locator('.react-flow__node').filter({ has: page.locator('[data-node-name]', { hasText: name }) });

  // Ben renames the level on the canvas.
  const benPage = await signedInPage(browser, ben);
  await benPage.goto(editorPath);
  await eventually(stepNamed(benPage, 'Manager approval')).toBeVisible();
  await stepNamed(benPage, 'Manager approval').click();
  await benPage.getByLabel('Name').fill('Finance approval');
  await expect(benPage.getByText('All changes saved')).toBeVisible();

  // Ada publishes for review; her dialog names Ben beside the step he renamed.
  await setApprovalRequired(request, true);
  await adaPage.goto(editorPath);
  await eventually(stepNamed(adaPage, 'Finance approval')).toBeVisible();
  await adaPage.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = adaPage.getByRole('dialog', { name: 'Publish for review' });
  const renamedStep = dialog
    .getByRole('list', { name: 'Changes since version 1' })
    .getByRole('listitem')
    .filter({ hasText: 'Step “Finance approval”: name changed' });
  await expect(renamedStep).toContainText('“Manager approval” → “Finance approval”');
  await expect(renamedStep).toContainText(`by ${ben.name}`);
  await capture(adaPage, 'flow-publish-by-author');
  await dialog.getByLabel('Message').fill('Finance approves');
  await dialog.getByRole('button', { name: 'Publish for review' }).click();
  await expect(
    adaPage.getByRole('status').filter({ hasText: 'Version 2 waits for a reviewer’s approval' }),
  ).toBeVisible();

  // Rhea compares the two canvases: the change selects and marks the step on both, in view.
  const rheaPage = await signedInPage(browser, rhea);
  await rheaPage.goto(`${editorPath}/versions`);
  await eventually(rheaPage.getByRole('link', { name: 'Review it' })).toBeVisible();
  await rheaPage.getByRole('link', { name: 'Review it' }).click();
  await eventually(rheaPage.locator('[data-flow-canvas]')).toHaveCount(2);
  const change = rheaPage.getByRole('button', { name: /Step “Finance approval”: name changed/ });
  await change.click();
  await expect(change).toHaveAttribute('aria-pressed', 'true');
  const marked = rheaPage.locator('[data-flow-canvas] .react-flow__node.selected [data-node-id="approve"]');
  await expect(marked).toHaveCount(2);
  for (const side of await marked.all()) {
    await expect(side).toHaveAttribute('data-highlight', 'changed');
    await expect(side).toBeInViewport();
  }
  await capture(rheaPage, 'flow-compare');
  await rheaPage.getByLabel('Your review').fill('Finance it is.');
  await expect(rheaPage.getByLabel('About step “Finance approval”')).toBeChecked();
  await rheaPage.getByRole('button', { name: 'Approve' }).click();
  await expect(rheaPage.getByRole('heading', { name: 'Version 2', exact: true }).locator('..')).toContainText(
    'Live',
  );

  await setApprovalRequired(request, false);
});

test('a refused publish marks the field; an import lists what is wrong by path; a restore brings a version back', async ({
  browser,
  request,
}) => {
  expect((await request.post('/api/auth/login', { data: credentials(admin) })).ok()).toBe(true);
  await ensureUser(request, ada, ['developer']);
  const page = await signedInPage(browser, ada);
  const created = await page.request.post('/api/documents', {
    data: {
      kind: 'taskForm',
      name: 'Purchase request',
      content: {
        kind: 'taskForm',
        schemaVersion: 1,
        title: 'Purchase request',
        description: '',
        fields: [field('item', 'Item', 'a0'), field('price', 'Price', 'a1')],
      },
    },
  });
  const { id } = await created.json();
  const editorPath = `/console/tasks/${id}`;
  expect(
    (await page.request.post(`/api/documents/${id}/publish`, { data: { message: 'First' } })).status(),
  ).toBe(201);

  await page.goto(editorPath);
  await eventually(page.getByText('All changes saved')).toBeVisible();
  await page.locator('[data-field-row="price"]').getByLabel('Key').fill('item');
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish' });
  await expect(dialog.getByRole('alert')).toContainText('Publishing will be refused');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Publish problems' })).toContainText(
    'Another field has this key.',
  );
  await expect(page.locator('[data-field-row][data-invalid]')).toContainText('Another field has this key.');
  await capture(page, 'publish-refused');

  // Import into this document: a file with a bad key is refused with the place of each problem.
  await page.getByRole('button', { name: 'Import' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import into this task form' });
  const bad = {
    kind: 'taskForm',
    schemaVersion: 1,
    title: 'Imported',
    description: '',
    fields: [{ ...field('total', 'Total', 'a0'), key: 'Bad key' }],
  };
  await importDialog.getByLabel('File', { exact: true }).setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await importDialog.getByRole('button', { name: 'Replace the draft' }).click();
  await expect(importDialog.getByRole('list', { name: 'Problems in the file' })).toContainText(
    'Field “Total” › key',
  );
  await capture(page, 'import-refused');
  await importDialog.getByLabel('File', { exact: true }).setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...bad, fields: [field('total', 'Total', 'a0')] })),
  });
  await importDialog.getByRole('button', { name: 'Replace the draft' }).click();
  await expect(page.getByText('The draft now holds the imported file.')).toBeVisible();
  await expect(page.getByLabel('Form title')).toHaveValue('Imported');

  // Restore version 1 into the draft, after confirming.
  await page.getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Actions for version 1' }).click();
  await page.getByRole('menuitem', { name: 'Restore into the draft' }).click();
  await page
    .getByRole('dialog', { name: 'Restore version 1 into the draft?' })
    .getByRole('button', {
      name: 'Restore version 1',
    })
    .click();
  await eventually(page.getByText('The draft is now version 1.')).toBeVisible();
  await page.getByRole('link', { name: 'Editor' }).click();
  await eventually(page.getByLabel('Form title')).toHaveValue('Purchase request');

  // The history shows each run of edits; a point compares with the draft.
  await page.getByRole('link', { name: 'History' }).click();
  await eventually(page.locator('[data-history-point]').first()).toContainText(ada.name);
  await capture(page, 'history');
  await page
    .locator('[data-history-point]')
    .first()
    .getByRole('link', { name: 'Compare with the draft' })
    .click();
  await eventually(page.getByRole('heading', { name: 'Changes' })).toBeVisible();
  await capture(page, 'compare-history');
});
