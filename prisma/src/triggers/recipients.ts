import { AppError, classifyRecipientValue, type Recipient, readFieldPath } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { listRoleMembers } from '../hierarchy/hierarchy-queries';

type Db = Prisma.TransactionClient;

/**
 * The addresses an email action sends to, as of `now`: addresses as written, users' addresses (disabled users
 * get nothing), the members of a company role, and addresses or user ids found in the event. A path the event
 * does not have adds nobody; no address at all is an error (a mail to nobody is a mistake worth seeing).
 */
export async function resolveRecipients(
  db: Db,
  recipients: Recipient[],
  context: unknown,
  now: Date,
): Promise<string[]> {
  const addresses = new Set<string>();
  const userIds = new Set<string>();
  for (const recipient of recipients) {
    if (recipient.type === 'email') addresses.add(recipient.address);
    else if (recipient.type === 'user') userIds.add(recipient.userId);
    else if (recipient.type === 'orgRole') {
      for (const member of await listRoleMembers(db, recipient.orgRoleId, now)) userIds.add(member.user.id);
    } else {
      const found = readFieldPath(context, recipient.path);
      for (const value of Array.isArray(found) ? found : [found]) {
        const kind = classifyRecipientValue(value);
        if (kind === 'email') addresses.add(value as string);
        else if (kind === 'userId') userIds.add(value as string);
      }
    }
  }
  if (userIds.size > 0) {
    const users = await db.user.findMany({
      where: { id: { in: [...userIds] }, disabledAt: null },
      select: { email: true },
    });
    for (const user of users) addresses.add(user.email);
  }
  if (addresses.size === 0) throw new AppError('validation_failed', 'The mail has no recipient.');
  return [...addresses].sort();
}
