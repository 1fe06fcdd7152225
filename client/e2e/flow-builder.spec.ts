import { expect, type Locator, type Page, test } from '@playwright/test';
import { createAccount, signIn } from './accounts';

// A step by its exact name (the kind's label, "END", is on the node too).
const node = (page: Page, name: string) =>
  page
    .locator('.react-flow__node')
    .filter({ has: page.locator('[data-node-name]', { hasText: new RegExp(`^${name}$`) }) });
const edgeLabel = (page: Page, text: string) => page.locator('[data-edge-label]', { hasText: text });
const nodePosition = (locator: Locator) =>
  locator.evaluate((element) => (element as HTMLElement).style.transform);

// "+" on the edge leaving a named step, then the kind of step to insert there.
async function insertAfter(page: Page, sourceName: string, kind: string) {
  const sourceId = await node(page, sourceName).getAttribute('data-id');
  const label = page.locator(`[data-edge-source="${sourceId}"]`);
  await label.getByRole('button', { name: 'Insert a step here' }).click();
  await label.getByRole('list', { name: 'Step to insert' }).getByRole('button', { name: kind }).click();
}

async function rename(page: Page, from: string, to: string) {
  await node(page, from).click();
  await page.getByLabel('Name').fill(to);
  await expect(node(page, to)).toBeVisible();
}

test('two developers build a flow together; undo is per person; a reviewer reads it; the simulator walks both branches', async ({
  browser,
}) => {
  // Two browsers, a reviewer and a build of the canvas on a shared 2-core machine: generous, still bounded.
  test.setTimeout(480_000);
  const alice = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const bob = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await signIn(alice, await createAccount('Alice Flow', ['developer']));
  const developer = await createAccount('Bob Flow', ['developer']);
  await signIn(bob, developer);

  // A request form with an amount, and an empty flow (start → end), made through the API.
  const form = await alice.request.post('/api/documents', {
    data: {
      kind: 'taskForm',
      name: 'Purchase approval form',
      content: {
        kind: 'taskForm',
        schemaVersion: 1,
        title: 'Approve the purchase',
        description: 'Check the amount before approving.',
        fields: [
          {
            id: 'amount',
            order: 'a0',
            key: 'amount',
            type: 'number',
            label: 'Amount (€)',
            helpText: '',
            required: true,
          },
          {
            id: 'note',
            order: 'a1',
            key: 'note',
            type: 'text',
            label: 'Note',
            helpText: '',
            required: false,
          },
        ],
      },
    },
  });
  expect(form.status()).toBe(201);
  const flow = await alice.request.post('/api/documents', {
    data: { kind: 'flow', name: 'Purchase approval' },
  });
  expect(flow.status()).toBe(201);
  const { id } = await flow.json();

  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  for (const page of [pageA, pageB]) {
    await page.goto(`/console/flows/${id}`);
    // The first open also loads the builder's own bundle (the canvas is lazy-loaded).
    await expect(page.getByText('All changes saved')).toBeVisible({ timeout: 30_000 });
    await expect(node(page, 'Start')).toBeVisible({ timeout: 30_000 });
  }
  await expect(pageA.getByLabel('People in this document').getByLabel(developer.name)).toBeVisible();

  // Alice inserts a level between start and end and names it; Bob sees it.
  await insertAfter(pageA, 'Start', 'Task level');
  await rename(pageA, 'New level', 'Manager approval');
  await pageA.getByLabel('Task form').selectOption({ label: 'Purchase approval form' });
  await expect(node(pageB, 'Manager approval')).toBeVisible();

  // Bob adds a decision after the level and a second end, and connects them by dragging between handles.
  await insertAfter(pageB, 'Manager approval', 'Decision');
  await expect(node(pageB, 'Decision')).toBeVisible();
  // A step added from the palette comes selected, ready to be named.
  await pageB.getByRole('list', { name: 'Palette' }).getByRole('button', { name: 'End' }).click();
  await pageB.getByLabel('Name').fill('Rejected');
  await expect(node(pageB, 'Rejected')).toBeVisible();
  await node(pageB, 'Decision')
    .locator('.react-flow__handle-bottom')
    .dragTo(node(pageB, 'Rejected').locator('.react-flow__handle-top'));
  await expect(edgeLabel(pageB, 'Set a condition')).toHaveCount(2);

  // The branching rule: over 1,000 goes to "Rejected"; the other edge is the default.
  await edgeLabel(pageB, 'Set a condition').first().click();
  const toRejected = await pageB.locator('[data-inspector="edge"]').textContent();
  if (!toRejected?.includes('Rejected')) await edgeLabel(pageB, 'Set a condition').last().click();
  await expect(pageB.locator('[data-inspector="edge"]')).toContainText('Decision → Rejected');
  await pageB.getByLabel('Label').fill('Over 1,000');
  await pageB.getByRole('button', { name: 'Add condition' }).click();
  await pageB.getByLabel('Field').fill('amount');
  await pageB.getByLabel('Operator').selectOption('gt');
  await pageB.getByLabel('Value').fill('1000');
  await expect(pageB.getByLabel('Condition as text')).toContainText('amount > 1000');
  await edgeLabel(pageB, 'Set a condition').click();
  await pageB.getByLabel('Default edge').check();
  await expect(edgeLabel(pageA, 'Over 1,000')).toBeVisible();
  await expect(edgeLabel(pageA, 'Default')).toBeVisible();

  // Alice tidies up (one layered layout for everyone); the steps stack top to bottom.
  await pageA.getByRole('button', { name: 'Tidy up' }).click();
  await expect
    .poll(async () => {
      const start = await node(pageB, 'Start').boundingBox();
      const level = await node(pageB, 'Manager approval').boundingBox();
      return start && level ? level.y > start.y + start.height : false;
    })
    .toBe(true);

  // Cursors: Alice sees Bob's pointer, with his name, while he moves over the canvas.
  const canvasB = pageB.locator('[data-flow-canvas]');
  const box = await canvasB.boundingBox();
  if (!box) throw new Error('no canvas');
  await pageB.mouse.move(box.x + 200, box.y + 120);
  await pageB.mouse.move(box.x + 260, box.y + 160, { steps: 5 });
  await expect(pageA.locator(`[data-peer-cursor="${developer.name}"]`)).toBeVisible();

  // Bob points at the decision while Alice drags (the README's screenshot shows both).
  const decisionB = await node(pageB, 'Decision').boundingBox();
  if (decisionB) await pageB.mouse.move(decisionB.x + decisionB.width - 20, decisionB.y + 10, { steps: 3 });

  // A live drag: Bob sees Alice's node move while she still holds the mouse button.
  const rejectedA = node(pageA, 'Rejected');
  const before = await nodePosition(node(pageB, 'Rejected'));
  const handle = await rejectedA.locator('p', { hasText: 'Rejected' }).boundingBox();
  if (!handle) throw new Error('no node');
  await pageA.mouse.move(handle.x + 10, handle.y + 5);
  await pageA.mouse.down();
  await pageA.mouse.move(handle.x + 90, handle.y + 40, { steps: 10 });
  await expect.poll(() => nodePosition(node(pageB, 'Rejected'))).not.toBe(before);
  await pageA.screenshot({ path: 'docs/screenshot-flow.png' });
  await pageA.mouse.move(handle.x + 160, handle.y + 60, { steps: 5 });
  await pageA.mouse.up();
  const dropped = await nodePosition(rejectedA);
  await expect.poll(() => nodePosition(node(pageB, 'Rejected'))).toBe(dropped);

  // Undo reverts only one's own edit: Alice's drag goes back, Bob's edge label stays.
  await pageA.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => nodePosition(node(pageB, 'Rejected'))).not.toBe(dropped);
  await expect(edgeLabel(pageB, 'Over 1,000')).toBeVisible();
  await expect(edgeLabel(pageA, 'Over 1,000')).toBeVisible();

  // The simulator walks both branches with the same rules the engine runs.
  await pageA.getByRole('tab', { name: 'Simulate' }).click();
  for (const [amount, label, end] of [
    ['5000', 'Over 1,000', 'Rejected'],
    ['20', 'to End', 'End'],
  ] as const) {
    await pageA.getByRole('button', { name: 'Start the simulation' }).click();
    const task = pageA.getByRole('region', { name: 'Task: Manager approval' });
    await expect(task).toContainText(`Would be assigned to`);
    await task.getByLabel('Amount (€) (required)').fill(amount);
    await task.getByRole('button', { name: 'Complete “Manager approval”' }).click();
    await expect(pageA.locator('[data-simulator]').getByRole('status')).toContainText(`Finished at “${end}”`);
    await expect(pageA.getByRole('list', { name: 'Simulation steps' })).toContainText(`took “${label}”`);
    await expect(node(pageA, end).locator('[data-highlight]')).toHaveAttribute('data-highlight', 'path');
    await pageA.getByRole('button', { name: 'Start over' }).click();
  }

  // A reviewer sees the flow read-only: no palette, nothing to drag.
  const rita = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await signIn(rita, await createAccount('Rita Flow', ['reviewer']));
  const pageR = await rita.newPage();
  await pageR.goto(`/console/flows/${id}`);
  await expect(pageR.getByText(/read-only/i).first()).toBeVisible({ timeout: 30_000 });
  await expect(node(pageR, 'Manager approval')).toBeVisible();
  await expect(pageR.getByRole('list', { name: 'Palette' })).toHaveCount(0);
  await node(pageR, 'Manager approval').click();
  await expect(pageR.getByLabel('Name')).toHaveAttribute('readonly', '');

  await rita.close();
  await alice.close();
  await bob.close();
});
