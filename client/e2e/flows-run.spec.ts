import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type APIRequestContext,
  type BrowserContext,
  expect,
  type Page,
  request,
  test,
} from '@playwright/test';
import { type Account, admin, createAccount, credentials, signIn } from './accounts';

// Issue 11's walk through a published flow: a developer publishes a two-level approval (manager, then director,
// who may send it back); an employee starts it at phone width; the manager sees the task arrive live and
// approves; the director sends it back with a reason; the manager approves again and the director signs off; the
// employee's "My flows" tells the whole story. The employee attaches a quote (a program renamed .pdf is refused
// first); the manager sees it among the request's answers and downloads it.

// With E2E_SCREENSHOTS=<folder>, the screens are saved there.
const screenshotDir = process.env.E2E_SCREENSHOTS;
const eventually = expect.configure({ timeout: 30_000 });
const phone = { width: 390, height: 844 };
const quotePdf = Buffer.from('%PDF-1.7\nA quote for a Flexi 2 standing desk: 640 EUR\n%%EOF\n');

async function capture(page: Page, name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `flows-run-${name}.png`), fullPage: true });
}

async function asAdmin(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await api.post('/api/auth/login', { data: credentials(admin) })).ok()).toBe(true);
  return api;
}

async function created<T = { id: string }>(
  response: Promise<{ status(): number; json(): Promise<unknown> }>,
) {
  const answer = await response;
  expect(answer.status(), JSON.stringify(await answer.json())).toBe(201);
  return (await answer.json()) as T;
}

// employee → manager → director, each in a seat of one department reporting to the next.
async function buildOrg(api: APIRequestContext, people: Account[]) {
  const department = await created(
    api.post('/api/hierarchy/departments', { data: { name: `Sales ${Date.now()}` } }),
  );
  let reportsToId: string | null = null;
  for (const person of [...people].reverse()) {
    const position = await created(
      api.post('/api/hierarchy/positions', {
        data: { title: `${person.name}'s seat`, departmentId: department.id },
      }),
    );
    await created(
      api.post('/api/hierarchy/assignments', {
        data: {
          userId: person.id,
          positionId: position.id,
          reportsToId,
          validFrom: '2025-01-01T00:00:00.000Z',
        },
      }),
    );
    reportsToId = person.id;
  }
}

const field = (key: string, type: string, label: string, required: boolean, order: string) => ({
  id: key,
  order,
  key,
  type,
  label,
  helpText: '',
  required,
});

const place = (x: number, y: number) => ({ description: '', position: { x, y } });

function twoLevelFlow(requestFormId: string, approvalFormId: string) {
  const edge = (source: string, target: string) => ({
    id: `${source}-${target}`,
    source,
    target,
    label: '',
    priority: 0,
    isDefault: false,
  });
  return {
    kind: 'flow',
    schemaVersion: 1,
    description: 'Ask for something to be bought; your manager and the director approve it.',
    nodes: [
      { id: 'start', type: 'start', name: 'Request', ...place(0, 0) },
      {
        id: 'manager',
        type: 'task',
        name: 'Manager approval',
        taskFormId: approvalFormId,
        assignment: { type: 'managerOfRequester' },
        sla: { due: 'P2D' },
        ...place(0, 150),
      },
      {
        id: 'director',
        type: 'task',
        name: 'Director sign-off',
        taskFormId: approvalFormId,
        assignment: { type: 'managerOfPreviousAssignee' },
        allowSendBack: true,
        ...place(0, 300),
      },
      { id: 'end', type: 'end', name: 'Approved', ...place(0, 450) },
    ],
    edges: [edge('start', 'manager'), edge('manager', 'director'), edge('director', 'end')],
    triggers: [{ id: 'request', type: 'formSubmission', taskFormId: requestFormId }],
  };
}

async function openInbox(context: BrowserContext, viewport = { width: 1280, height: 900 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto('/portal/inbox');
  return page;
}

test('a published two-level approval runs: started at phone width, live in the inbox, sent back, approved, told in My flows', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const [developer, employee, manager, director] = await Promise.all([
    createAccount('Dev Builder', ['developer']),
    createAccount('Erin Employee', ['employee']),
    createAccount('Mo Manager', ['employee']),
    createAccount('Dana Director', ['employee']),
  ]);
  const api = await asAdmin();
  await buildOrg(api, [employee, manager, director]);
  await api.dispose();

  // The developer's documents: two forms and the flow, imported, then published from the console.
  const dev = await browser.newContext();
  await signIn(dev, developer);
  const requestForm = await created(
    dev.request.post('/api/documents', {
      data: {
        kind: 'taskForm',
        name: 'Purchase request',
        content: {
          kind: 'taskForm',
          schemaVersion: 1,
          title: 'Ask for a purchase',
          description: 'What do you need, and what does it cost?',
          fields: [
            field('item', 'text', 'What to buy', true, 'a0'),
            { ...field('amount', 'currency', 'Amount (€)', true, 'a1'), currencyCode: 'EUR' },
            {
              ...field('quote', 'file', 'Quote', false, 'a2'),
              validation: { allowedTypes: ['application/pdf'], maxFiles: 2 },
            },
          ],
        },
      },
    }),
  );
  const approvalForm = await created(
    dev.request.post('/api/documents', {
      data: {
        kind: 'taskForm',
        name: 'Purchase approval',
        content: {
          kind: 'taskForm',
          schemaVersion: 1,
          title: 'Approve the purchase',
          description: '',
          fields: [field('note', 'longText', 'Your note', false, 'a0')],
        },
      },
    }),
  );
  for (const form of [requestForm, approvalForm]) {
    expect(
      (await dev.request.post(`/api/documents/${form.id}/publish`, { data: { message: 'First' } })).status(),
    ).toBe(201);
  }
  const flowName = `Buy something ${Date.now()}`;
  const flow = await created(
    dev.request.post('/api/documents', {
      data: { kind: 'flow', name: flowName, content: twoLevelFlow(requestForm.id, approvalForm.id) },
    }),
  );
  const devPage = await dev.newPage();
  await devPage.setViewportSize({ width: 1440, height: 900 });
  await devPage.goto(`/console/flows/${flow.id}`);
  await eventually(devPage.locator('.react-flow__node')).toHaveCount(4);
  // Who may start it is the start step's: everyone, as nothing is ticked.
  await devPage.locator('.react-flow__node[data-id="start"]').click();
  const starters = devPage.getByRole('group', { name: 'Who may start this flow' });
  await eventually(starters.getByLabel('Only some people')).not.toBeChecked();
  await expect(starters).toContainText('Everyone can start it from the portal today.');
  await devPage.locator('.react-flow__node[data-id="director"]').click();
  await eventually(devPage.getByLabel('May be sent back')).toBeChecked();
  await capture(devPage, 'developer-send-back-setting');
  await devPage.getByRole('button', { name: 'Publish' }).click();
  const publish = devPage.getByRole('dialog', { name: 'Publish' });
  await publish.getByLabel('Message').fill('Two-level purchase approval');
  await publish.getByRole('button', { name: 'Publish' }).click();
  await eventually(publish).toBeHidden();
  await capture(devPage, 'developer-published');

  // The manager and the director keep their inboxes open: new tasks must arrive without a reload.
  const managerContext = await browser.newContext();
  await signIn(managerContext, manager);
  const managerInbox = await openInbox(managerContext);
  await eventually(managerInbox.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  const directorContext = await browser.newContext();
  await signIn(directorContext, director);
  const directorInbox = await openInbox(directorContext);
  await eventually(directorInbox.getByRole('heading', { name: 'Inbox' })).toBeVisible();

  // The employee starts it on a phone.
  const employeeContext = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true });
  await signIn(employeeContext, employee);
  const phonePage = await employeeContext.newPage();
  await phonePage.goto('/portal/start');
  await eventually(phonePage.getByRole('link', { name: new RegExp(flowName) })).toBeVisible();
  await capture(phonePage, 'employee-start-list');
  await phonePage.getByRole('link', { name: new RegExp(flowName) }).click();
  // The start form's instructions (imported as plain text, published as rich text) above its fields.
  await expect(phonePage.getByText('What do you need, and what does it cost?')).toBeVisible();
  await phonePage.getByRole('button', { name: 'Start' }).click();
  await expect(phonePage.getByText('What to buy is required.')).toBeVisible();
  await phonePage.getByLabel('What to buy (required)').fill('A standing desk');
  await phonePage.getByLabel('Amount (€) (required)').fill('640');
  const quote = phonePage.getByRole('group', { name: 'Quote' });
  await expect(quote).toContainText('PDF only · at most 2 files');
  await quote.getByLabel('Choose files').setInputFiles({
    name: 'quote.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]),
  });
  await eventually(quote.getByRole('alert')).toContainText('is not what its name says');
  await capture(phonePage, 'employee-file-refused');
  const { violations } = await new AxeBuilder({ page: phonePage }).include('form').analyze();
  expect(violations.map((violation) => violation.id)).toEqual([]);
  await quote.getByRole('button', { name: 'Dismiss' }).click();
  await quote.getByLabel('Choose files').setInputFiles({
    name: 'quote.pdf',
    mimeType: 'application/pdf',
    buffer: quotePdf,
  });
  await eventually(quote.getByRole('link', { name: 'quote.pdf' })).toBeVisible();
  await expect(quote.getByRole('alert')).toHaveCount(0);
  await capture(phonePage, 'employee-start-form');
  await phonePage.getByRole('button', { name: 'Start' }).click();
  await eventually(phonePage.getByRole('heading', { name: flowName })).toBeVisible();
  await eventually(phonePage.getByText('Manager approval: assigned to Mo Manager')).toBeVisible();
  const instanceUrl = phonePage.url();

  // The manager's inbox shows it live and the manager approves.
  const managerTask = managerInbox.getByRole('link', { name: 'Manager approval' });
  await eventually(managerTask).toBeVisible();
  await capture(managerInbox, 'manager-inbox-live');
  await managerTask.click();
  await eventually(managerInbox.getByText('A standing desk')).toBeVisible();
  // The request reads through the start form it was made with: its labels, not its keys.
  await expect(managerInbox.getByText('What to buy', { exact: true })).toBeVisible();
  const download = managerInbox.waitForEvent('download');
  await managerInbox.getByRole('link', { name: 'quote.pdf' }).click();
  expect((await download).suggestedFilename()).toBe('quote.pdf');
  expect(Buffer.compare(readFileSync((await (await download).path()) ?? ''), quotePdf)).toBe(0);
  await capture(managerInbox, 'manager-task-with-file');
  await expect(managerInbox.getByRole('button', { name: 'Send back' })).toHaveCount(0);
  await managerInbox.getByLabel('Your note').fill('Fine by me.');
  await managerInbox.getByRole('button', { name: 'Submit' }).click();
  await eventually(managerInbox.getByText('“Manager approval” is done.')).toBeVisible();

  // The director sends it back with a reason; it comes back to the manager at once.
  const directorTask = directorInbox.getByRole('link', { name: 'Director sign-off' });
  await eventually(directorTask).toBeVisible();
  await directorTask.click();
  // The manager's answer reads as the form it was given in: its label, not its key.
  const earlier = directorInbox.getByRole('complementary').filter({ hasText: 'Earlier steps' });
  await eventually(earlier.getByRole('definition').filter({ hasText: 'Fine by me.' })).toBeVisible();
  await expect(earlier.getByRole('term').filter({ hasText: /^Your note$/ })).toBeVisible();
  await directorInbox.getByRole('button', { name: 'Send back' }).click();
  const sendBack = directorInbox.getByRole('dialog', { name: 'Send “Director sign-off” back' });
  await sendBack.getByRole('button', { name: 'Send back' }).click();
  await expect(sendBack.getByText('Say what needs another look.').first()).toBeVisible();
  await sendBack.getByLabel('What needs another look').fill('Which model? Add the quote, please.');
  await capture(directorInbox, 'director-send-back');
  await sendBack.getByRole('button', { name: 'Send back' }).click();
  await eventually(
    directorInbox.getByText('“Director sign-off” went back to the step before.'),
  ).toBeVisible();

  await eventually(managerInbox.getByRole('link', { name: 'Manager approval' })).toBeVisible();
  await managerInbox.getByRole('link', { name: 'Manager approval' }).click();
  const note = managerInbox.getByRole('note');
  await eventually(note).toContainText('Sent back to you by Dana Director');
  await expect(note).toContainText('Which model? Add the quote, please.');
  await expect(managerInbox.getByLabel('Your note')).toHaveValue('Fine by me.');
  await capture(managerInbox, 'manager-sent-back');
  await managerInbox.getByLabel('Your note').fill('Model: Flexi 2, quote attached to the request.');
  await managerInbox.getByRole('button', { name: 'Submit' }).click();
  await eventually(managerInbox.getByText('“Manager approval” is done.')).toBeVisible();

  await eventually(directorInbox.getByRole('link', { name: 'Director sign-off' })).toBeVisible();
  await directorInbox.getByRole('link', { name: 'Director sign-off' }).click();
  await eventually(directorInbox.getByLabel('Your note')).toHaveValue(
    'Model: Flexi 2, quote attached to the request.',
  );
  await directorInbox.getByLabel('Your note').fill('Approved.');
  await directorInbox.getByRole('button', { name: 'Submit' }).click();
  await eventually(directorInbox.getByText('“Director sign-off” is done.')).toBeVisible();

  // The employee's view of the flow, on the phone: finished, every step in words, the version it ran on.
  await phonePage.goto(instanceUrl);
  const timeline = phonePage.getByRole('list').filter({ hasText: 'Started by Erin Employee' });
  await eventually(phonePage.getByText('Version 1 · started by Erin Employee')).toBeVisible();
  await eventually(timeline).toContainText('Finished at Approved');
  await expect(timeline).toContainText(
    'Director sign-off sent back by Dana Director: “Which model? Add the quote, please.”',
  );
  await expect(timeline).toContainText('Manager approval completed by Mo Manager');
  await expect(timeline).toContainText('Director sign-off completed by Dana Director');
  // The answers as they were given, each through its form: the request by its labels, each level in turn.
  await expect(phonePage.getByText('Amount (€)', { exact: true })).toBeVisible();
  await expect(phonePage.getByText('Director sign-off', { exact: true })).toBeVisible();
  await capture(phonePage, 'employee-my-flow');
  await phonePage.goto('/portal/flows');
  await eventually(phonePage.getByText(flowName)).toBeVisible();
  await capture(phonePage, 'employee-my-flows');
});
