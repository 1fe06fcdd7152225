import { AppError, classifyRecipientValue, type Recipient, type Role, readFieldPath } from '@erp/shared';
import type { Prisma } from '../generated/client';
import { listRoleMembers } from '../hierarchy/hierarchy-queries';

type Db = Prisma.TransactionClient;

// Addresses as written and the ids of users named (directly, by company role, or found in the event).
async function collectRecipients(db: Db, recipients: Recipient[], context: unknown, now: Date) {
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
  return { addresses, userIds };
}

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
  const { addresses, userIds } = await collectRecipients(db, recipients, context, now);
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

export interface ReportReader {
  id: string;
  email: string;
  roles: Role[];
}

/**
 * Who a report goes to: the same recipients as an email action's, but only people of this installation (active
 * users, an address counting as the user who has it), because each gets the rows they may see and nobody
 * outside may see any. Addresses of nobody here are `refused`.
 */
export async function resolveReportReaders(
  db: Db,
  recipients: Recipient[],
  context: unknown,
  now: Date,
): Promise<{ readers: ReportReader[]; refused: string[] }> {
  const { addresses, userIds } = await collectRecipients(db, recipients, context, now);
  const users = await db.user.findMany({
    where: {
      disabledAt: null,
      OR: [{ id: { in: [...userIds] } }, { email: { in: [...addresses], mode: 'insensitive' } }],
    },
    select: { id: true, email: true, roles: true },
    orderBy: { email: 'asc' },
  });
  const known = new Set(users.map((user) => user.email.toLowerCase()));
  const refused = [...addresses].filter((address) => !known.has(address.toLowerCase())).sort();
  return { readers: users, refused };
}
