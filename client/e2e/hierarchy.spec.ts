import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { createAccount, newSignedInContext } from './accounts';

const loaded = { timeout: 30_000 };

// Fills and submits a dialog, then waits for the page to confirm the change (the next step acts on its result).
async function fillDialog(
  page: Page,
  title: string,
  fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
  confirmation: string,
) {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await fill(dialog);
  await dialog
    .getByRole('button', {
      name: /^(Add (department|position|role|member)|Assign|End assignment|Close position|Save)$/,
    })
    .click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(confirmation, { exact: false })).toBeVisible();
}

test('an admin builds departments, positions and reporting lines, dated, and reads them as of another day', async ({
  browser,
}) => {
  // Unique names: the installation is shared with other specs.
  const run = randomUUID().slice(0, 6);
  const department = `Operations ${run}`;
  const [dana, eli] = await Promise.all([
    createAccount(`Dana Head ${run}`, ['employee']),
    createAccount(`Eli Operator ${run}`, ['employee']),
  ]);
  const { context } = await newSignedInContext(browser, `Hana Admin ${run}`, ['admin']);
  const page = await context.newPage();
  await page.goto('/console/hierarchy');
  await expect(page.getByRole('heading', { name: 'Hierarchy', level: 1 })).toBeVisible(loaded);

  await page.getByRole('button', { name: 'Add department' }).click();
  await fillDialog(
    page,
    'Add a department',
    async (dialog) => {
      await dialog.getByLabel('Name').fill(department);
    },
    `${department} is added.`,
  );
  const section = page.getByRole('region', { name: department });
  await expect(section).toBeVisible();

  await section.getByRole('button', { name: `Actions for ${department}` }).click();
  await page.getByRole('menuitem', { name: 'Add position' }).click();
  await fillDialog(
    page,
    'Add a position',
    async (dialog) => {
      await dialog.getByLabel('Title').fill('Head of operations');
    },
    'Head of operations is added.',
  );
  await section.getByRole('button', { name: `Actions for ${department}` }).click();
  await page.getByRole('menuitem', { name: 'Add position' }).click();
  await fillDialog(
    page,
    'Add a position',
    async (dialog) => {
      await dialog.getByLabel('Title').fill('Operator');
      await dialog
        .getByLabel('Reports to position')
        .selectOption({ label: `Head of operations · ${department}` });
    },
    'Operator is added.',
  );
  // Operator is listed under the head's position.
  await expect(section.locator('li li').getByText('Operator', { exact: true })).toBeVisible();

  for (const [position, person] of [
    ['Head of operations', dana],
    ['Operator', eli],
  ] as const) {
    await section.getByRole('button', { name: `Actions for ${position}` }).click();
    await page.getByRole('menuitem', { name: 'Assign someone' }).click();
    await fillDialog(
      page,
      `Assign someone as ${position}`,
      async (dialog) => {
        await dialog.getByLabel('Person', { exact: true }).fill(`${person.name} <${person.email}>`);
        await expect(dialog.getByText(`Picked ${person.name}.`)).toBeVisible();
      },
      `${person.name} is ${position} from`,
    );
  }
  await expect(section).toContainText(dana.name);
  await expect(section).toContainText(eli.name);
  await page.screenshot({ path: test.info().outputPath('hierarchy.png'), fullPage: true });

  // Search keeps what matches, with where it is.
  await page.getByLabel('Search departments, positions and people').fill(eli.name);
  await expect(section).toContainText('Operator');
  await expect(section).not.toContainText('Head of operations');
  await page.getByLabel('Search departments, positions and people').fill('');
  await expect(section).toContainText('Head of operations');

  // Ending an assignment keeps the past: Operator is vacant from today on.
  await section.getByRole('button', { name: 'Actions for Operator' }).click();
  await page.getByRole('menuitem', { name: `End ${eli.name}’s assignment` }).click();
  await fillDialog(page, `End ${eli.name} as Operator`, async () => {}, `End ${eli.name} as Operator: from`);
  await expect(section).not.toContainText(eli.name);
  await expect(section.getByText('Vacant')).toHaveCount(1);

  // A position nobody needs any more is closed: gone from today's structure, kept in the past.
  await section.getByRole('button', { name: 'Actions for Operator' }).click();
  await page.getByRole('menuitem', { name: 'Close' }).click();
  await fillDialog(page, 'Close Operator', async () => {}, 'Close Operator: from');
  await expect(section.getByText('Operator', { exact: true })).toHaveCount(0);

  // As of yesterday nobody held either position yet; the view is read-only.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('As of').fill(yesterday);
  await expect(page.getByRole('note')).toContainText(`as it stood on ${yesterday}`);
  await expect(section).not.toContainText(dana.name);
  await expect(section.getByText('Operator', { exact: true })).toBeVisible();
  await expect(section.getByRole('button', { name: `Actions for ${department}` })).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to today' }).click();
  await expect(section).toContainText(dana.name);

  // A company role across departments, with a member.
  const role = `Fire warden ${run}`;
  await page.getByRole('button', { name: 'Add role' }).click();
  await fillDialog(
    page,
    'Add a company role',
    async (dialog) => {
      await dialog.getByLabel('Name').fill(role);
    },
    `${role} is added.`,
  );
  await page.getByRole('button', { name: `Actions for ${role}` }).click();
  await page.getByRole('menuitem', { name: 'Add member' }).click();
  await fillDialog(
    page,
    `Give someone the role ${role}`,
    async (dialog) => {
      await dialog.getByLabel('Person', { exact: true }).fill(`${dana.name} <${dana.email}>`);
      await expect(dialog.getByText(`Picked ${dana.name}.`)).toBeVisible();
    },
    `${dana.name} is ${role} from`,
  );
  await expect(
    page.getByRole('list', { name: 'Company roles' }).getByRole('listitem').filter({ hasText: role }),
  ).toContainText(dana.name);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: test.info().outputPath('hierarchy-phone.png'), fullPage: true });
  await context.close();
});
