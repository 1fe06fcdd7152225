import { AppError } from '@erp/shared';
import type { Prisma } from '../generated/client';

type Db = Prisma.TransactionClient;

/**
 * Puts a dead-lettered action back in the queue with its attempts reset and its idempotency key unchanged
 * (the receiver recognises a repeat), and its run back to running. Anything but a dead letter answers 409.
 */
export async function retryDeadLetter(db: Db, actionId: string) {
  const locked = await db.$queryRaw<{ status: string; run_id: string }[]>`
    SELECT status::text, run_id FROM trigger_actions WHERE id = ${actionId}::uuid FOR UPDATE`;
  const row = locked[0];
  if (!row) throw new AppError('not_found', 'No dead letter has this id.');
  if (row.status !== 'dead')
    throw new AppError('conflict', `This action is ${row.status}, not dead-lettered.`);
  await db.triggerRun.update({
    where: { id: row.run_id },
    data: { outcome: 'running', error: null, finishedAt: null },
  });
  return db.triggerAction.update({
    where: { id: actionId },
    data: { status: 'pending', attempts: 0, availableAt: new Date(), error: null },
  });
}
