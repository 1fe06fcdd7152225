// Every server and load generator runs in a process of its own (a scenario's CPU is then attributable to
// one role), started with the repository's Node and tsx, and driven over the IPC channel.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSelfProfiler } from './profile';

interface Request {
  id: number;
  type: string;
  payload: unknown;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface ChildHandle {
  readonly pid: number;
  readonly process: ChildProcess;
  /** Sends a command to the child's `serveRequests` handler and waits for its answer. */
  request<T>(type: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Everything the child wrote to stderr (the last 20 kB), for error messages. */
  stderr(): string;
}

/** Starts `bench/<script>` (TypeScript) in a new Node process with an IPC channel. */
export function startChild(
  script: string,
  options: {
    env?: Record<string, string>;
    nodeArgs?: string[];
    showOutput?: boolean;
    /** Called with every line the child writes to stdout (a server's JSON log). */
    onStdoutLine?: (line: string) => void;
  } = {},
): ChildHandle {
  const child = fork(fileURLToPath(new URL(`../${script}`, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let partialLine = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (options.showOutput) process.stdout.write(chunk);
    if (!options.onStdoutLine) return;
    const lines = (partialLine + chunk.toString()).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) options.onStdoutLine(line);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
    if (options.showOutput) process.stderr.write(chunk);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${script}: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      waiter.reject(
        new Error(`${script} exited (${signal ?? code}) before answering.\n${stderr.slice(-3000)}`),
      );
    }
    pending.clear();
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  return {
    pid,
    process: child,
    request<T>(type: string, payload?: unknown, timeoutMs = 120_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: '${type}' took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, type, payload } satisfies Request);
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    stderr: () => stderr,
  };
}

type Handler = (payload: never) => unknown;

/**
 * The child's side: answers the parent's requests with the named handlers (and `profileStart` /
 * `profileStop`, a CPU profile of a window). Exits when the parent goes away, so a crashed run leaves no
 * load generator behind.
 */
export function serveRequests(own: Record<string, Handler>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this script runs as a child of the bench harness (bench/harness/child.ts)');
  const profiler = createSelfProfiler();
  const handlers: Record<string, Handler> = {
    profileStart: () => profiler.start(),
    profileStop: () => profiler.stop(),
    ...own,
  };
  process.on('message', async (message: Request) => {
    const handler = handlers[message.type];
    try {
      if (!handler) throw new Error(`unknown request '${message.type}'`);
      const result = await handler(message.payload as never);
      send({ id: message.id, ok: true, result: result ?? null } satisfies Reply);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      send({ id: message.id, ok: false, error: text } satisfies Reply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}
