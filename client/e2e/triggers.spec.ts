import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';
import { publishAmountFlow } from './published';

// A developer builds "when a flow completes with amount > 1000, email the finance role" in the trigger builder,
// tries it in the tester, publishes it; an instance completes; the mail is in the outbox and the run in the
// trigger's history.

test('build, test and publish a trigger; a completed flow sends its mail to the outbox', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const developer = await createAccount('Fiona Trigger', ['developer', 'admin']);
  await signIn(context, developer);
  const api = context.request;
  const finance = await createAccount('Frank Finance', ['employee']);

  // The finance role, with Frank in it; a request form with an amount; a flow it starts that ends at once.
  const roleName = `Finance ${randomUUID().slice(0, 8)}`;
  const role = await (await api.post('/api/hierarchy/org-roles', { data: { name: roleName } })).json();
  expect(
    (
      await api.post('/api/hierarchy/org-role-assignments', {
        data: { userId: finance.id, orgRoleId: role.id },
      })
    ).status(),
  ).toBe(201);
  const { flowId, flowName } = await publishAmountFlow(api, { form: 'Purchase request', flow: 'Purchases' });
  const trigger = await (
    await api.post('/api/documents', { data: { kind: 'trigger', name: 'Large purchases to finance' } })
  ).json();

  // Build it.
  const page = await context.newPage();
  await page.goto(`/console/triggers/${trigger.id}`);
  await page.getByLabel('When').selectOption({ label: 'A flow completes' });
  await page.getByLabel('Of the flow').selectOption({ label: flowName });
  await page.getByRole('button', { name: 'Add condition' }).click();
  // The flow's start form offers its amount as a number field (once the flow and its form are read).
  await expect(page.locator('datalist option[value="data.amount"]')).toBeAttached({ timeout: 20_000 });
  await page.getByLabel('Field', { exact: true }).fill('data.amount');
  await page.getByLabel('Operator').selectOption({ label: 'is greater than' });
  await page.getByLabel('Value', { exact: true }).fill('1000');
  await expect(page.getByLabel('Condition as text')).toContainText('data.amount > 1000');
  await page.getByLabel('Type of the new action').selectOption({ label: 'Send an email' });
  await page.getByRole('button', { name: 'Add action' }).click();
  await page.getByLabel('Recipient', { exact: true }).selectOption({ label: roleName });
  await page.getByRole('button', { name: 'Add recipient' }).click();
  await expect(page.getByRole('list', { name: 'Recipients' })).toContainText(`Role: ${roleName}`);
  await page.getByLabel('Subject').fill('Large purchase: ');
  await page.getByRole('button', { name: '{{data.amount}}' }).first().click();
  await expect(page.getByLabel('Subject')).toHaveValue('Large purchase: {{data.amount}}');
  await page.getByLabel('Message').fill('Please look at this purchase of {{data.amount}}.');
  await page.getByLabel('Enabled').check();

  // Test it: the sample reads the amount as 1 (no run), then 1500 (the mail, rendered, to Frank).
  await page.getByRole('button', { name: 'New sample' }).click();
  await page.getByRole('button', { name: 'Run test' }).click();
  const result = page.getByRole('region', { name: 'Test result' });
  await expect(result).toContainText('Would not run');
  const event = JSON.parse(await page.getByRole('textbox', { name: 'Event' }).inputValue());
  event.data.amount = 1500;
  await page.getByRole('textbox', { name: 'Event' }).fill(JSON.stringify(event, null, 2));
  await page.getByRole('button', { name: 'Run test' }).click();
  await expect(result).toContainText('Would run');
  await expect(result).toContainText('data.amount > 1000');
  await expect(result).toContainText(finance.email);
  await expect(result).toContainText('Large purchase: 1500');
  await page.screenshot({ path: test.info().outputPath('trigger-builder.png'), fullPage: true });

  // Publish it.
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // An instance completes (a purchase of 2,500 and one of 20: only the first sends mail).
  for (const amount of [2500, 20]) {
    const started = await api.post(`/api/flows/${flowId}/instances`, { data: { data: { amount } } });
    expect(started.status()).toBe(201);
  }

  await page.goto('/console/outbox');
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Large purchase: 2500', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: /Large purchase: 2500/ }).click();
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText(finance.email);
  await page.screenshot({ path: test.info().outputPath('outbox.png'), fullPage: true });

  await page.goto(`/console/triggers/${trigger.id}`);
  const runs = page.getByRole('list', { name: 'Runs' });
  await expect(runs).toContainText('Completed', { timeout: 30_000 });
  await expect(runs).toContainText('Condition not met');
  await expect(runs).toContainText('Send an email: done');
  await page.screenshot({ path: test.info().outputPath('trigger-runs.png'), fullPage: true });
  await context.close();
});
