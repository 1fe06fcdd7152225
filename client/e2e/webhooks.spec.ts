import { createHmac } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

// Webhooks on the Integrations page: a developer creates an incoming hook (URL and secret shown once), a sender
// signs deliveries with it (the Standard Webhooks scheme, computed here independently of the product), and the
// hook's deliveries show what verifying each found. Then an outgoing signing secret is generated, rotated and
// deleted.

/** Standard Webhooks: v1 = base64(HMAC-SHA256(key, "id.timestamp.body")), key = base64 after "whsec_". */
function sign(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

async function readOnceDialog(page: Page, title: string) {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  const url = dialog.getByLabel('URL', { exact: true });
  const values = {
    url: (await url.count()) > 0 ? await url.inputValue() : '',
    secret: await dialog.getByLabel('Signing secret', { exact: true }).inputValue(),
  };
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return values;
}

test('incoming hook deliveries show their verification; outgoing signing secrets are made, rotated, deleted', async ({
  browser,
}) => {
  const { context } = await newSignedInContext(browser, 'Wes Webhooks', ['developer']);
  const page = await context.newPage();
  await page.goto('/console/integrations');

  await page.getByRole('button', { name: 'New incoming webhook' }).click();
  const create = page.getByRole('dialog', { name: 'New incoming webhook' });
  const hookName = `Shop ${Date.now()}`;
  await create.getByLabel('Name').fill(hookName);
  await create.getByRole('button', { name: 'Create' }).click();
  const shown = await readOnceDialog(page, `${hookName} is ready`);
  expect(shown.url).toMatch(/\/api\/hooks\/[0-9a-f-]{36}$/);
  expect(shown.secret).toMatch(/^whsec_/);

  const deliver = (id: string, secret: string) => {
    const body = JSON.stringify({ order: id });
    const timestamp = Math.floor(Date.now() / 1000);
    return context.request.post(shown.url, {
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(secret, id, timestamp, body),
      },
      data: body,
    });
  };
  expect((await deliver('order-1', shown.secret)).status()).toBe(202);
  expect((await deliver('order-2', 'whsec_d3Jvbmcgc2VjcmV0')).status()).toBe(401);

  const row = page
    .getByRole('list', { name: 'Incoming webhooks' })
    .getByRole('listitem')
    .filter({ hasText: hookName });
  await row.getByRole('button', { name: 'Deliveries' }).click();
  const deliveries = row.getByRole('table', { name: `Deliveries of ${hookName}` });
  await expect(deliveries.getByRole('row')).toHaveCount(3);
  await expect(deliveries.getByRole('row').nth(1)).toContainText('Bad signature');
  await expect(deliveries.getByRole('row').nth(1)).toContainText('order-2');
  await expect(deliveries.getByRole('row').nth(2)).toContainText('Accepted');
  await expect(deliveries.getByRole('row').nth(2)).toContainText('order-1');
  await page.screenshot({ path: test.info().outputPath('webhook-deliveries.png'), fullPage: true });

  // A new secret: the old one is refused from then on, the new one accepted.
  await row.getByRole('button', { name: 'New secret' }).click();
  await page.getByRole('button', { name: 'Replace the secret' }).click();
  const rotated = await readOnceDialog(page, `New secret of ${hookName}`);
  expect(rotated.secret).not.toBe(shown.secret);
  expect((await deliver('order-3', shown.secret)).status()).toBe(401);
  expect((await deliver('order-4', rotated.secret)).status()).toBe(202);
  await row.getByRole('button', { name: 'Refresh' }).click();
  await expect(deliveries.getByRole('row').nth(1)).toContainText('order-4');

  // Outgoing: a generated signing secret, shown once, rotated, deleted.
  const secretName = `Partner ${Date.now()}`;
  await page.getByRole('button', { name: 'New signing secret' }).click();
  const newSecret = page.getByRole('dialog', { name: 'New signing secret' });
  await newSecret.getByLabel('Name').fill(secretName);
  await newSecret.getByRole('button', { name: 'Create' }).click();
  const generated = await readOnceDialog(page, `${secretName} is ready`);
  expect(generated.secret).toMatch(/^whsec_/);
  const secretRow = page
    .getByRole('list', { name: 'Signing secrets' })
    .getByRole('listitem')
    .filter({ hasText: secretName });
  await expect(secretRow).toContainText('No live trigger signs with it.');
  await secretRow.getByRole('button', { name: 'Rotate' }).click();
  await page
    .getByRole('dialog', { name: `Rotate ${secretName}?` })
    .getByRole('button', { name: 'Rotate' })
    .click();
  const again = await readOnceDialog(page, `New value of ${secretName}`);
  expect(again.secret).not.toBe(generated.secret);
  await page.screenshot({ path: test.info().outputPath('signing-secrets.png'), fullPage: true });
  await secretRow.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: `Delete ${secretName}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByText(`${secretName} is deleted.`)).toBeVisible();
  await expect(secretRow).toHaveCount(0);
  await context.close();
});
