import { expect, type Page, test } from '@playwright/test';
import { newSignedInContext } from './accounts';

// Updates y-indexeddb holds in the browser for one user's copy of a document.
const storedUpdates = (page: Page, database: string) =>
  page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const count = request.result.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => {
            request.result.close();
            resolve(count.result);
          };
        };
      }),
    database,
  );

const localDatabases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));

const labels = (page: Page) =>
  page
    .locator('[data-field-row] input[name="label"]')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).sort());

async function addField(page: Page, label: string) {
  const before = await page.locator('[data-field-row]').count();
  await page.getByRole('button', { name: 'Add Short text' }).click();
  await expect(page.locator('[data-field-row]')).toHaveCount(before + 1);
  await page.locator('[data-field-row] input[name="label"]').nth(before).fill(label);
}

test('two developers co-edit a task form (presence, live edits, offline merge, own undo); a reviewer reads along', async ({
  browser,
}) => {
  // Three people, two browsers going offline and back, a sign-out: past a minute on a busy 2-core machine.
  test.setTimeout(240_000);
  const { context: alice, account: aliceAccount } = await newSignedInContext(browser, 'Alice Builder', [
    'developer',
  ]);
  const { context: bob, account: bobAccount } = await newSignedInContext(browser, 'Bob Builder', [
    'developer',
  ]);
  const aliceId = aliceAccount.id;
  const bobId = bobAccount.id;
  const document = await alice.request.post('/api/documents', {
    data: { kind: 'taskForm', name: 'Leave request' },
  });
  expect(document.status()).toBe(201);
  const { id } = await document.json();

  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  await pageA.goto(`/console/tasks/${id}`);
  await pageB.goto(`/console/tasks/${id}`);
  for (const page of [pageA, pageB])
    await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });

  // Presence: each sees the other.
  await expect(pageA.getByLabel('People in this document').getByLabel(bobAccount.name)).toBeVisible();
  await expect(pageB.getByLabel('People in this document').getByLabel(aliceAccount.name)).toBeVisible();

  // …and where the other is working.
  await pageB.getByLabel('Form title').focus();
  await expect(pageA.getByText(`${bobAccount.name} is here`)).toBeVisible();

  // A live edit in one appears in the other.
  await pageA.getByLabel('Form title').fill('Leave request form');
  await expect(pageB.getByLabel('Form title')).toHaveValue('Leave request form');

  // The instructions are rich text typed together: Bob sees Alice's words and formatting as she types, and
  // her caret with her name in it.
  await pageA.getByRole('textbox', { name: 'Instructions' }).click();
  await pageA.keyboard.type('Ask your manager ');
  await pageA.getByRole('button', { name: 'Bold' }).click();
  await pageA.keyboard.type('before');
  const instructionsB = pageB.getByRole('textbox', { name: 'Instructions' });
  await expect(instructionsB).toContainText('Ask your manager before');
  await expect(instructionsB.locator('strong')).toHaveText('before');
  await expect(pageB.locator('.collaboration-carets__label', { hasText: aliceAccount.name })).toBeVisible();

  // Bob goes offline; both edit. He even closes the tab before the network returns: his edit waits in
  // IndexedDB and reaches everyone when he opens the document again.
  await bob.setOffline(true);
  await expect(pageB.getByText(/^Offline/)).toBeVisible();
  const bobsCopy = `erp:${bobId}:taskForm:${id}`;
  const storedBefore = await storedUpdates(pageB, bobsCopy);
  await addField(pageA, 'Start date');
  await addField(pageB, 'End date');
  await expect.poll(() => storedUpdates(pageB, bobsCopy)).toBeGreaterThan(storedBefore + 1);
  await expect.poll(() => labels(pageA)).toEqual(['Start date']);
  await pageB.close();
  await bob.setOffline(false);
  const pageB2 = await bob.newPage();
  await pageB2.goto(`/console/tasks/${id}`);
  for (const page of [pageA, pageB2]) {
    await expect.poll(() => labels(page), { timeout: 20_000 }).toEqual(['End date', 'Start date']);
  }
  await expect(pageB2.getByText('All changes saved')).toBeVisible();

  // Alice undoes everything she did: Bob's edit stays, on both screens.
  const undo = pageA.getByRole('button', { name: 'Undo' });
  while (await undo.isEnabled()) await undo.click();
  for (const page of [pageA, pageB2]) {
    await expect.poll(() => labels(page)).toEqual(['End date']);
    await expect(page.getByLabel('Form title')).toHaveValue('');
  }

  // A reviewer sees the same form, read-only.
  const { context: rita } = await newSignedInContext(browser, 'Rita Reviewer', ['reviewer']);
  const pageR = await rita.newPage();
  await pageR.goto(`/console/tasks/${id}`);
  // A cold open in a new browser (no cached chunks) on a starved CPU: the trace of a failure here showed no
  // race, only each step of the load (bundle, session, route chunk, document, socket) waiting its turn.
  await expect(pageR.getByText(/read-only/i).first()).toBeVisible({ timeout: 30_000 });
  await expect(pageR.getByLabel('Form title')).toHaveValue('');
  await expect(pageR.getByLabel('Form title')).toHaveAttribute('readonly', '');
  await expect(pageR.getByRole('button', { name: 'Add Short text' })).toHaveCount(0);
  await expect.poll(() => labels(pageR)).toEqual(['End date']);
  await rita.close();

  // Signing out removes Alice's local copies from this browser — but not behind her back while some of her
  // edits exist only there.
  expect(await localDatabases(pageA)).toContain(`erp:${aliceId}:taskForm:${id}`);
  await alice.setOffline(true);
  await pageA.getByLabel('Form title').fill('Written offline');
  await pageA.getByRole('button', { name: /^User menu/ }).click();
  await pageA.getByRole('menuitem', { name: 'Sign out' }).click();
  const warning = pageA.getByRole('dialog', { name: 'Some edits have not reached the server' });
  await expect(warning).toBeVisible();
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await alice.setOffline(false);
  await expect(pageA.getByText('All changes saved')).toBeVisible();
  await expect(pageB2.getByLabel('Form title')).toHaveValue('Written offline');
  await pageA.getByRole('button', { name: /^User menu/ }).click();
  await pageA.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(pageA.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect((await localDatabases(pageA)).filter((name) => name.startsWith(`erp:${aliceId}:`))).toEqual([]);

  await alice.close();
  await bob.close();
});
