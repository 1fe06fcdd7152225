import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, type EmbeddedDatabase, migrate, startEmbeddedPostgres } from '@erp/prisma';
import { createFactories, findFreePort } from '@erp/prisma/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { type Engine, startEngine } from '../engine';
import { approvalForm, edges, flowOf, node, pendingStart, publishLive } from './testing';

// PostgreSQL restarted while steps keep arriving: the engine does not exit, reconnects (its LISTEN connection
// too), and applies every step that was committed — before, during the outage (none can be) and after — once.
// A database of its own: the machine's shared server is never restarted.

const folders: string[] = [];
let engine: Engine | undefined;
let database: EmbeddedDatabase | undefined;
let pool: pg.Pool | undefined;
afterAll(async () => {
  await engine?.stop();
  await pool?.end();
  await database?.stop();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

it('PostgreSQL restarted under load: the engine carries on and applies every committed step exactly once', {
  timeout: 240_000,
}, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'erp-engine-restart-'));
  folders.push(dataDir);
  const port = await findFreePort();
  database = await startEmbeddedPostgres({ dataDir, port });
  await migrate(database.url);
  pool = new pg.Pool({ connectionString: database.url, max: 6, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => {});
  const prisma = createPrismaClient(pool);
  const make = createFactories(prisma);
  const org = await make.org();
  const { user: developer } = await make.user(['developer']);
  const formId = await publishLive(prisma, make, developer, approvalForm());
  const documentId = await publishLive(
    prisma,
    make,
    developer,
    flowOf(
      [node.start(), node.level('a', formId, { type: 'managerOfRequester' }), node.end()],
      edges(['start>a', 'a>end']),
    ),
  );
  engine = await startEngine({
    connectionString: database.url,
    prisma,
    logger: pino({ level: 'silent' }),
    flowPollMs: 1_000,
  });

  // A writer that keeps committing steps for the engine; what fails while the server is down is not counted.
  let written = 0;
  let refused = 0;
  let writing = true;
  const writer = (async () => {
    while (writing) {
      try {
        await pendingStart(prisma, documentId, org.member.user.id);
        written += 1;
      } catch {
        refused += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  })();
  const done = () => prisma.flowStep.count({ where: { status: 'done' } });
  await expect.poll(done, { timeout: 60_000 }).toBeGreaterThan(20);

  await database.stop();
  await expect.poll(() => refused, { timeout: 30_000 }).toBeGreaterThan(0);
  database = await startEmbeddedPostgres({ dataDir, port });
  const writtenAtRestart = written;
  await expect.poll(() => written, { timeout: 60_000 }).toBeGreaterThan(writtenAtRestart + 20);
  writing = false;
  await writer;

  // What committed is the truth (a commit whose answer was lost in the restart counts too).
  const committed = await prisma.flowStep.count();
  expect(committed).toBeGreaterThanOrEqual(written);
  await expect.poll(done, { timeout: 90_000, interval: 250 }).toBe(committed);
  expect(await prisma.task.count()).toBe(committed);
  const perInstance = await prisma.task.groupBy({ by: ['instanceId'], _count: true });
  expect(perInstance.every((group) => group._count === 1)).toBe(true);
  expect(await prisma.event.count({ where: { type: 'task.assigned' } })).toBe(committed);
});
