import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';
import { publishAmountFlow } from './published';

// A developer connects a (fake) Google account through its consent page, builds "when a flow completes, append
// a row to the Sheet and send a Gmail message", publishes it; an instance completes; the row is in the fake's
// sheet and the message in its sent mail. The fakes run beside the app (playwright.config.ts).

const control = process.env.E2E_FAKES_CONTROL_URL ?? '';
interface FakeState {
  gmailSent: { headers: Record<string, string>; body: string }[];
  spreadsheets: Record<string, Record<string, string[][]>>;
}
const fakeState = async (): Promise<FakeState> =>
  (await fetch(`${control}/state`)).json() as Promise<FakeState>;

test('connect Google, then a completed flow appends a sheet row and sends a Gmail message', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const developer = await createAccount('Ivy Integrations', ['developer', 'admin']);
  await signIn(context, developer);
  const api = context.request;
  const spreadsheetId = `sheet-${randomUUID()}`;
  const laidOut = await fetch(`${control}/spreadsheets/${spreadsheetId}`, {
    method: 'POST',
    body: JSON.stringify({ sheet: 'Orders', rows: [['Instance', 'Amount']] }),
  });
  expect(laidOut.status).toBe(204);

  // Connect: the console → the fake's consent page → Allow → back, connected.
  const page = await context.newPage();
  await page.goto('/console/integrations');
  await expect(page.getByRole('heading', { name: 'Connected accounts' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect an account' }).click();
  await page.getByLabel('Send email from Gmail').check();
  await page.getByLabel('Read and edit Google Sheets').check();
  await page.screenshot({ path: test.info().outputPath('connect-form.png'), fullPage: true });
  await page.getByRole('button', { name: 'Continue to Google' }).click();
  await expect(page.getByRole('heading', { name: 'Fake identity provider' })).toBeVisible();
  await expect(page.getByText('https://www.googleapis.com/auth/spreadsheets')).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByRole('status')).toContainText('The account is connected');
  const accounts = page.getByRole('list', { name: 'Connected accounts' });
  await expect(accounts).toContainText('Google · ada@example.com');
  await expect(accounts).toContainText('connected');
  await expect(accounts).toContainText('Send email from Gmail · Read and edit Google Sheets');
  await page.screenshot({ path: test.info().outputPath('integrations.png'), fullPage: true });
  const listed = await (await api.get('/api/connections')).text();
  expect(listed).not.toMatch(/access\.|refresh\./);

  // A flow that ends at once, started with an amount.
  const { flowId, flowName } = await publishAmountFlow(api, { form: 'Order', flow: 'Orders' });
  const trigger = await (
    await api.post('/api/documents', { data: { kind: 'trigger', name: 'Orders to the sheet and Gmail' } })
  ).json();

  // Build the trigger.
  await page.goto(`/console/triggers/${trigger.id}`);
  await page.getByLabel('When').selectOption({ label: 'A flow completes' });
  await page.getByLabel('Of the flow').selectOption({ label: flowName });
  await page.getByLabel('Type of the new action').selectOption({ label: 'Append a row to a Google Sheet' });
  await page.getByRole('button', { name: 'Add action' }).click();
  const sheetAction = page.getByRole('listitem', { name: 'Action 1: Append a row to a Google Sheet' });
  await sheetAction.getByLabel('Google account').selectOption({ label: 'ada@example.com' });
  await sheetAction.getByLabel('Spreadsheet id').fill(spreadsheetId);
  await sheetAction.getByLabel('Sheet', { exact: true }).fill('Orders');
  for (const [column, field] of [
    ['Instance', 'instanceId'],
    ['Amount', 'data.amount'],
  ] as const) {
    await sheetAction.getByLabel('Column header').fill(column);
    await sheetAction.getByRole('button', { name: 'Add column' }).click();
    // The flow's form offers data.amount once the flow and its form are read.
    await expect(
      sheetAction.getByLabel(`Value of ${column}`).locator(`option[value="${field}"]`),
    ).toBeAttached({
      timeout: 20_000,
    });
    await sheetAction.getByLabel(`Value of ${column}`).selectOption(field);
  }
  await page.getByLabel('Type of the new action').selectOption({ label: 'Send with Gmail' });
  await page.getByRole('button', { name: 'Add action' }).click();
  const mailAction = page.getByRole('listitem', { name: 'Action 2: Send with Gmail' });
  await mailAction.getByLabel('Google account').selectOption({ label: 'ada@example.com' });
  await mailAction.getByLabel('Kind of recipient').selectOption({ label: 'Address' });
  await mailAction.getByLabel('Recipient', { exact: true }).fill('boss@example.com');
  await mailAction.getByRole('button', { name: 'Add recipient' }).click();
  await mailAction.getByLabel('Subject').fill('Order of {{data.amount}}');
  await mailAction
    .getByLabel('Message', { exact: true })
    .fill('An order of {{data.amount}} is in the sheet.');
  await page.getByLabel('Enabled').check();
  await expect(page.getByRole('list', { name: 'Problems' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('trigger-builder.png'), fullPage: true });
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // An instance completes: its row is in the sheet, its mail in Gmail's sent mail.
  const started = await api.post(`/api/flows/${flowId}/instances`, { data: { data: { amount: 2500 } } });
  expect(started.status()).toBe(201);
  const { id: instanceId } = await started.json();
  await expect
    .poll(async () => (await fakeState()).spreadsheets[spreadsheetId]?.Orders, { timeout: 30_000 })
    .toEqual([
      ['Instance', 'Amount'],
      [instanceId, '2500'],
    ]);
  await expect
    .poll(
      async () => (await fakeState()).gmailSent.find((mail) => mail.headers.subject === 'Order of 2500'),
      {
        timeout: 30_000,
      },
    )
    .toMatchObject({ headers: { to: 'boss@example.com' } });

  await page.goto(`/console/triggers/${trigger.id}`);
  const runs = page.getByRole('list', { name: 'Runs' });
  await expect(runs).toContainText('Completed', { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('trigger-runs.png'), fullPage: true });
  await context.close();
});
