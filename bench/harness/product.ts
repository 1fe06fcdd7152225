// The product under test: `scripts/start.ts` in its own process against the run's database, reached over
// HTTP (and WebSocket) like any client, with one developer account.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, createSession } from '@erp/prisma';
import { findFreePort } from '@erp/prisma/testing';
import { type ChildHandle, startChild } from './child';

export const repoDir = fileURLToPath(new URL('../..', import.meta.url));
export const clientDistDir = fileURLToPath(new URL('../../client/dist', import.meta.url));

const account = { email: 'bench@example.com', name: 'Bench Developer', password: 'bench-password-1234' };
// Longer than any run; the server slides it like any session.
const benchSessionPolicy = { idleMs: 24 * 3_600_000, maxMs: 24 * 3_600_000 };

/** Runs a command in the repository; resolves with its output, rejects with it on a non-zero exit. */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoDir, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

let clientBuild: Promise<{ rebuilt: boolean; warning?: string }> | undefined;

/** Builds the client the way `npm start` does (turbo, cached); once per run. */
export function ensureClientBuilt(): Promise<{ rebuilt: boolean; warning?: string }> {
  clientBuild ??= runCommand('turbo', ['run', 'build', '--filter=@erp/client', '--output-logs=errors-only'], {
    TURBO_TELEMETRY_DISABLED: '1',
  }).then(
    () => ({ rebuilt: true }),
    (error: Error) => {
      // The client is being worked on in parallel: an older build still lets the server start.
      if (existsSync(`${clientDistDir}/index.html`)) {
        return { rebuilt: false, warning: `client build failed, using the previous build: ${error.message}` };
      }
      throw error;
    },
  );
  return clientBuild;
}

/** A server process of the product (one of its npm entries), reached over HTTP and WebSocket. */
export interface ServerProcess {
  url: string;
  wsUrl: string;
  pid: number;
  child: ChildHandle;
  /** Heap and RSS after full garbage collections. */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

export interface ProductServer extends ServerProcess {
  /** A developer's session token (Bearer for HTTP, `token` for the collab provider). */
  token: string;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface CollabServerProcess extends ServerProcess {
  /** Open sockets and loaded documents, from the standalone server's /health. */
  stats(): Promise<{ sockets: number; documents: number }>;
}

/** A JSON log line of a server (pino), for figures the product measures itself. */
export type LogEntry = Record<string, unknown> & { msg?: string };

async function startServerProcess(
  entry: string,
  options: { env: Record<string, string>; healthPath: string; onLog?: (entry: LogEntry) => void },
): Promise<ServerProcess> {
  const port = await findFreePort();
  const child = startChild('processes/server.ts', {
    nodeArgs: ['--expose-gc'],
    env: {
      BENCH_SERVER_ENTRY: entry,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    onStdoutLine: (line) => {
      if (!options.onLog || !line.startsWith('{')) return;
      try {
        options.onLog(JSON.parse(line) as LogEntry);
      } catch {
        // not a log line
      }
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}${options.healthPath}`, child);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    pid: child.pid,
    child,
    memory: () => child.request<NodeJS.MemoryUsage>('memory'),
    stop: () => child.stop(),
  };
}

/** `npm start`'s server (API, SPA, /collab, engine) with a developer account logged in. */
export async function startProductServer(databaseUrl: string): Promise<ProductServer> {
  await ensureClientBuilt();
  const server = await startServerProcess('scripts/start.ts', {
    env: { DATABASE_URL: databaseUrl },
    healthPath: '/api/health',
  });
  const call = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  // The database is shared by the run's scenarios: on an empty one the account is set up as a person would.
  const { needsSetup } = await call<{ needsSetup: boolean }>('GET', '/api/auth/setup');
  const token = needsSetup
    ? (await call<{ token: string }>('POST', '/api/auth/setup', account)).token
    : await signInDirectly(databaseUrl);
  return { ...server, token, api: (method, path, body) => call(method, path, body, token) };
}

// An installation set up already: by an earlier scenario's server (the account exists), or by a scenario that
// wrote people of its own straight into the database (P6's trigger worker), after which no API call can create
// the account. Either way the bench's account gets a session written the way login writes one.
async function signInDirectly(databaseUrl: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl, { max: 1 });
  try {
    const user = await prisma.user.upsert({
      where: { email: account.email },
      update: {},
      create: {
        email: account.email,
        name: account.name,
        passwordHash: 'none: the bench signs in with a session of its own',
        roles: ['admin', 'developer'],
      },
    });
    return (await createSession(prisma, user.id, benchSessionPolicy)).token;
  } finally {
    await prisma.$disconnect();
  }
}

/** `npm run start:collab`'s server: the collab server alone (production runs it as its own process). */
export async function startCollabServer(
  databaseUrl: string,
  options: { logLevel?: string; onLog?: (entry: LogEntry) => void } = {},
): Promise<CollabServerProcess> {
  const server = await startServerProcess('collab-server/src/main.ts', {
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: options.logLevel ?? 'warn' },
    healthPath: '/health',
    onLog: options.onLog,
  });
  return {
    ...server,
    async stats() {
      const response = await fetch(`${server.url}/health`);
      return (await response.json()) as { sockets: number; documents: number };
    },
  };
}

async function waitForHealth(url: string, child: ChildHandle): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null)
      throw new Error(`the server exited:\n${child.stderr().slice(-3000)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await child.stop();
  throw new Error(`the server did not become healthy within 60 s:\n${child.stderr().slice(-3000)}`);
}
