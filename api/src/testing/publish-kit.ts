import type { DocumentKind } from '@erp/shared';
import { readDocument } from '@erp/shared/documents';
import { BrowserLikeWebSocket } from '@erp/test-support/websocket';
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider';
import { afterEach, expect } from 'vitest';
import { bearer, createTestApp, type TestUser } from './test-app';

export const pollOptions = { timeout: 20_000, interval: 25 };

/**
 * The api with a real collab server in the same process (as `npm start` runs them), on a port, with helpers to
 * create documents over HTTP and edit them as Node collaborators do.
 */
export async function createPublishKit(
  collab: 'in-process' | 'over-postgres' = 'in-process',
  env: Record<string, string> = {},
) {
  const t = await createTestApp(env, { collab });
  const { collabUrl } = await t.listen();
  const providers = new Set<HocuspocusProvider>();
  afterEach(() => {
    for (const provider of providers) provider.destroy();
    providers.clear();
  });

  const as = (caller: TestUser) => ({
    get: (path: string, query: Record<string, string | number> = {}) =>
      t.http().get(path).query(query).set(bearer(caller.token)),
    send: (method: 'post' | 'put' | 'patch' | 'delete', path: string, body: object = {}) =>
      t.http()[method](path).set(bearer(caller.token)).send(body),
  });

  return {
    ...t,
    as,
    async createDocument(owner: TestUser, kind: DocumentKind, content?: object): Promise<string> {
      const response = await as(owner)
        .send('post', '/api/documents', { kind, name: `A ${kind}`, content })
        .expect(201);
      return response.body.id as string;
    },
    /** A synced collaborator on the document. */
    async open(user: TestUser, kind: DocumentKind, id: string): Promise<HocuspocusProvider> {
      const provider = new HocuspocusProvider({
        url: collabUrl,
        name: `${kind}:${id}`,
        token: user.token,
        WebSocketPolyfill: BrowserLikeWebSocket,
      } as HocuspocusProviderConfiguration);
      providers.add(provider);
      await expect.poll(() => provider.isSynced, pollOptions).toBe(true);
      return provider;
    },
    /** Waits until the server acknowledged everything the provider sent (what the console shows as saved). */
    async synced(provider: HocuspocusProvider): Promise<void> {
      await expect.poll(() => provider.isSynced && !provider.hasUnsyncedChanges, pollOptions).toBe(true);
    },
    read: (kind: DocumentKind, provider: HocuspocusProvider) => readDocument(kind, provider.document),
  };
}

export type PublishKit = Awaited<ReturnType<typeof createPublishKit>>;
