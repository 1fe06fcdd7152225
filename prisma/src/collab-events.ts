import { type CollabEvent, collabEventChannel } from '@erp/shared';
import type { Prisma } from './generated/client';

/**
 * Tells every collab process about a change that affects open documents. Send it inside the change's
 * transaction: PostgreSQL delivers a NOTIFY only when its transaction commits.
 */
export async function notifyCollab(tx: Prisma.TransactionClient, event: CollabEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${collabEventChannel}, ${JSON.stringify(event)})`;
}
