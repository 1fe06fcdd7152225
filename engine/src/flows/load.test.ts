import { createTestPrisma } from '@erp/prisma/testing';
import { expect, it } from 'vitest';
import { approvalForm, edges, flowOf, node, publishLive, start } from './testing';

// Many people starting flows at once on a small pool: every start queues for a connection and lands, none fails
// with "Unable to start a transaction in the given time".

const { prisma, make } = await createTestPrisma({ max: 6 });
const org = await make.org();
const { user: developer } = await make.user(['developer']);

it('50 parallel starts on a pool of 6 all land, each with its first task', { timeout: 120_000 }, async () => {
  const formId = await publishLive(prisma, make, developer, approvalForm());
  const flow = flowOf(
    [node.start(), node.level('a', formId, { type: 'managerOfRequester' }), node.end()],
    edges(['start>a', 'a>end']),
  );
  const documentId = await publishLive(prisma, make, developer, flow);
  const began = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, () => start(prisma, documentId, org.member.user.id)),
  );
  const seconds = (performance.now() - began) / 1000;
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  expect(failures, `after ${seconds.toFixed(1)} s`).toEqual([]);
  expect(await prisma.flowInstance.count({ where: { documentId } })).toBe(50);
  expect(await prisma.task.count({ where: { instance: { documentId }, assigneeId: org.head.user.id } })).toBe(
    50,
  );
});
