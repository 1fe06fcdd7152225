import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadStoredState } from '@erp/prisma';
import { createTestPrisma } from '@erp/prisma/testing';
import type { DocumentKind, Role } from '@erp/shared';
import { BrowserLikeWebSocket } from '@erp/test-support/websocket';
import {
  type CompleteHocuspocusProviderConfiguration,
  HocuspocusProvider,
  type HocuspocusProviderConfiguration,
  HocuspocusProviderWebsocket,
} from '@hocuspocus/provider';
import { pino } from 'pino';
import { afterAll, afterEach, expect } from 'vitest';
import type * as Y from 'yjs';
import { type CollabServer, type CollabServerOptions, createCollabServer } from '../collab-server';
import { loadCollabConfig } from '../config';
import { toYDoc } from '../document-storage';

export interface TestUser {
  id: string;
  name: string;
  token: string;
}

export interface RunningServer {
  collab: CollabServer;
  http: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ServerSetup {
  env?: Record<string, string>;
  options?: CollabServerOptions;
  /** Reuse a port (a restarted server that clients reconnect to). */
  port?: number;
}

export type ConnectOptions = Partial<CompleteHocuspocusProviderConfiguration> & {
  /** HTTP headers of the WebSocket handshake (a browser's Origin and Cookie). */
  headers?: Record<string, string>;
};

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
// Reconnect fast: tests restart servers and close sockets on purpose.
const retry = { delay: 50, minDelay: 50, maxDelay: 300, factor: 1.5, jitter: false };
export const pollOptions = { timeout: 15_000, interval: 20 };

/**
 * Everything a collab test needs against real things: a fresh migrated database for the file, users with live
 * sessions, documents, real servers on port 0 and real Hocuspocus providers (destroyed after each test).
 */
export async function createCollabTestKit() {
  const { prisma, databaseUrl, make } = await createTestPrisma();
  const servers = new Set<RunningServer>();
  const providers = new Set<HocuspocusProvider | HocuspocusProviderWebsocket>();
  const children = new Set<ChildProcess>();

  afterEach(() => {
    for (const provider of providers) provider.destroy();
    providers.clear();
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([...servers].map((server) => server.close()));
  });

  const kit = {
    prisma,
    databaseUrl,
    make,

    async createUser(roles: Role[], name?: string): Promise<TestUser> {
      const { user, token } = await make.user(roles, name === undefined ? {} : { name });
      return { id: user.id, name: user.name, token };
    },

    /** A document of `owner`'s; `name` is its collab name (`<kind>:<id>`). */
    async createDocument(
      kind: DocumentKind,
      owner: TestUser,
      spec: { initialContent?: object; archived?: boolean } = {},
    ): Promise<{ id: string; name: string }> {
      const document = await make.document(kind, owner, spec);
      return { id: document.id, name: document.collabName };
    },

    async startServer(setup: ServerSetup = {}): Promise<RunningServer> {
      const config = loadCollabConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...setup.env });
      const logger = pino({ level: process.env.COLLAB_TEST_LOG_LEVEL ?? 'silent' });
      const collab = createCollabServer({ prisma, config, logger }, setup.options);
      const http = createServer((_request, response) => response.writeHead(404).end());
      http.on('upgrade', collab.handleUpgrade);
      await new Promise<void>((resolve) => http.listen(setup.port ?? 0, '127.0.0.1', resolve));
      const address = http.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      let closing: Promise<void> | null = null;
      const server: RunningServer = {
        collab,
        http,
        port,
        url: `ws://127.0.0.1:${port}/collab`,
        close() {
          closing ??= (async () => {
            servers.delete(server);
            http.close();
            await collab.close();
            http.closeAllConnections();
          })();
          return closing;
        },
      };
      servers.add(server);
      return server;
    },

    /** `npm run start:collab` as a child process (for kill -9); resolves once it listens. */
    async startChildServer(
      env: Record<string, string>,
    ): Promise<{ child: ChildProcess; port: number; url: string }> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'collab-server/src/main.ts'], {
        cwd: repositoryRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      const port = await new Promise<number>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`collab child exited (${code}): ${stderr}`)));
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          try {
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg === 'collab-server listening' && entry.port) resolve(entry.port);
          } catch {
            // not a log line
          }
        });
      });
      return { child, port, url: `ws://127.0.0.1:${port}/collab` };
    },

    /** A real provider in Node, reconnecting fast; destroyed after the test. */
    connect(url: string, name: string, token: string, options: ConnectOptions = {}): HocuspocusProvider {
      const { headers, ...configuration } = options;
      const WebSocketPolyfill = headers
        ? class extends BrowserLikeWebSocket {
            constructor(address: string) {
              super(address, { headers });
            }
          }
        : BrowserLikeWebSocket;
      const provider = new HocuspocusProvider({
        url,
        name,
        token,
        WebSocketPolyfill,
        ...retry,
        ...configuration,
      } as HocuspocusProviderConfiguration);
      // With a socket of its own the provider attaches itself; on a shared one it must be attached.
      if (configuration.websocketProvider) provider.attach();
      providers.add(provider);
      return provider;
    },

    /** One WebSocket that several providers share (as the console does); destroyed after the test. */
    socket(url: string): HocuspocusProviderWebsocket {
      const socket = new HocuspocusProviderWebsocket({
        url,
        WebSocketPolyfill: BrowserLikeWebSocket,
        ...retry,
      });
      providers.add(socket);
      return socket;
    },

    /** A user and a new document of theirs, with a synced provider. */
    async openAlone(url: string, kind: DocumentKind = 'flow') {
      const user = await kit.createUser(['developer']);
      const document = await kit.createDocument(kind, user);
      const provider = kit.connect(url, document.name, user.token);
      await waitForSynced(provider);
      return { user, document, provider };
    },

    /** Two users on one new document (created by the first), each with a synced provider. */
    async openPair(
      urls: string | [string, string],
      setup: { kind?: DocumentKind; roles?: [Role[], Role[]]; names?: [string, string] } = {},
    ) {
      const [firstUrl, secondUrl] = typeof urls === 'string' ? [urls, urls] : urls;
      const alice = await kit.createUser(setup.roles?.[0] ?? ['developer'], setup.names?.[0]);
      const bob = await kit.createUser(setup.roles?.[1] ?? ['developer'], setup.names?.[1]);
      const document = await kit.createDocument(setup.kind ?? 'flow', alice);
      const first = kit.connect(firstUrl, document.name, alice.token);
      const second = kit.connect(secondUrl, document.name, bob.token);
      await waitForSynced(first, second);
      return { alice, bob, document, first, second };
    },

    /** The document as stored (latest snapshot + later updates), decoded into a fresh Y.Doc. */
    async storedDoc(documentId: string): Promise<Y.Doc> {
      return toYDoc(await loadStoredState(prisma, documentId));
    },
  };
  return kit;
}

export async function waitForSynced(...providers: HocuspocusProvider[]): Promise<void> {
  for (const provider of providers) {
    await expect.poll(() => provider.isSynced, pollOptions).toBe(true);
  }
}

/** Waits until the server acknowledged every change the provider sent. */
export async function waitForAcknowledged(...providers: HocuspocusProvider[]): Promise<void> {
  for (const provider of providers) {
    await expect.poll(() => provider.isSynced && !provider.hasUnsyncedChanges, pollOptions).toBe(true);
  }
}

/** The entries of the `items` map that tests write to. */
export function itemsOf(doc: Y.Doc): Record<string, unknown> {
  return doc.getMap('items').toJSON();
}

export function addItems(doc: Y.Doc, prefix: string, count: number): string[] {
  const keys = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (const key of keys) doc.getMap('items').set(key, key);
  return keys;
}
