import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, expect, request, test } from '@playwright/test';

// The installation's first account, created by first-run.spec.ts. Every other spec signs in with it only to
// create accounts of its own (unique emails), so specs share no users or documents and can run in parallel.
export const admin = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  password: 'a long and secret passphrase',
};

type Role = 'admin' | 'developer' | 'reviewer' | 'employee';
export interface Account {
  id: string;
  name: string;
  email: string;
  password: string;
}

/** What signing in takes (the API refuses anything else in the body). */
export const credentials = ({ email, password }: { email: string; password: string }) => ({
  email,
  password,
});

/** A new account with these roles, made through the API by the first admin. */
export async function createAccount(name: string, roles: Role[]): Promise<Account> {
  const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    expect((await api.post('/api/auth/login', { data: credentials(admin) })).ok()).toBe(true);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')
      .replace(/^\.|\.$/g, '');
    const account = { name, email: `${slug}.${randomUUID()}@example.com`, password: `${slug} passphrase` };
    const created = await api.post('/api/users', { data: { ...account, roles } });
    expect(created.status()).toBe(201);
    return { ...account, id: (await created.json()).id };
  } finally {
    await api.dispose();
  }
}

/** Signs a browser context in through the API (its pages share the session cookie). */
export async function signIn(context: BrowserContext, account: { email: string; password: string }) {
  const response = await context.request.post('/api/auth/login', { data: credentials(account) });
  expect(response.ok()).toBe(true);
}

/** A browser context signed in as a new account with these roles. */
export async function newSignedInContext(
  browser: Browser,
  name: string,
  roles: Role[],
): Promise<{ context: BrowserContext; account: Account }> {
  const account = await createAccount(name, roles);
  const context = await browser.newContext();
  await signIn(context, account);
  return { context, account };
}
