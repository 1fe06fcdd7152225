import {
  announceUserChanged,
  notifyCollab,
  type Prisma,
  revokeUserSessions,
  type SessionUser,
  toPersonView,
  type User as UserRow,
} from '@erp/prisma';
import {
  AppError,
  type CreateUserInput,
  type ListUsersQuery,
  type Person,
  type UpdateUserInput,
  type User,
} from '@erp/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { containsText, cursorKeys, decodeCursor, toPage } from '../../http/lists';
import { recordAudit } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { toUserView } from './user-view';

// Serialises changes to who is an enabled admin, so two admins demoting each other cannot both succeed.
const adminSetLock = 4_242_003;

const nameCursorSchema = z.tuple([cursorKeys.text, cursorKeys.uuid]);

export async function listUsers(deps: AppDeps, query: ListUsersQuery) {
  const where: Prisma.UserWhereInput = {
    ...(query.role ? { roles: { has: query.role } } : {}),
    ...(query.q ? matchNameOrEmail(query.q) : {}),
  };
  const rows = await findPageByName(deps, where, query);
  return toPage(rows, query.limit, toUserView, nameCursorKey);
}

/** Enabled colleagues by name, for pickers: what any signed-in user may know of another. */
export async function listDirectory(
  deps: AppDeps,
  query: { q?: string; ids?: string[]; cursor?: string; limit: number },
) {
  const where: Prisma.UserWhereInput = {
    disabledAt: null,
    ...(query.q ? matchNameOrEmail(query.q) : {}),
    ...(query.ids ? { id: { in: query.ids } } : {}),
  };
  const rows = await findPageByName(deps, where, query);
  return toPage<UserRow, Person>(rows, query.limit, toPersonView, nameCursorKey);
}

export async function getUser(deps: AppDeps, id: string): Promise<User> {
  const row = await deps.prisma.user.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', 'There is no user with this id.');
  return toUserView(row);
}

export async function createUser(deps: AppDeps, actor: SessionUser, input: CreateUserInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return deps.prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a duplicate email (also one racing in) comes back as no row, never as a 500.
    const [created] = await tx.user.createManyAndReturn({
      data: [{ email: input.email, name: input.name, passwordHash, roles: input.roles }],
      skipDuplicates: true,
    });
    if (!created) throw new AppError('conflict', `A user with the email ${input.email} already exists.`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.created',
      targetType: 'user',
      targetId: created.id,
      details: { email: created.email, name: created.name, roles: created.roles },
    });
    return toUserView(created);
  });
}

/** Name, roles, disabled, password reset. Disabling or resetting the password ends all the user's sessions. */
export async function updateUser(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: UpdateUserInput,
): Promise<User> {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const updated = await deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${adminSetLock})`;
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new AppError('not_found', 'There is no user with this id.');
    const disabledAt = input.disabled === undefined ? undefined : input.disabled ? new Date() : null;
    if (input.disabled === true && id === actor.id) {
      throw new AppError('conflict', 'You cannot disable your own account; ask another administrator.');
    }
    const after = {
      roles: input.roles ?? before.roles,
      isDisabled: input.disabled ?? before.disabledAt !== null,
    };
    if (
      isEnabledAdmin(before.roles, before.disabledAt !== null) &&
      !isEnabledAdmin(after.roles, after.isDisabled)
    ) {
      await assertAnotherEnabledAdmin(tx, before);
    }
    const changes = describeChanges(before, input);
    if (Object.keys(changes).length === 0 && passwordHash === undefined) return before;
    const row = await tx.user.update({
      where: { id },
      data: {
        name: input.name,
        roles: input.roles,
        passwordHash,
        // Keep the original time when an already disabled user is "disabled" again.
        disabledAt: changes.disabled ? disabledAt : undefined,
      },
    });
    // Open collab connections follow the new roles at once (read-only, closed), in every collab process.
    if (changes.roles) await notifyCollab(tx, { type: 'userAccessChanged', userId: id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      details: { changes, passwordReset: passwordHash !== undefined },
    });
    return row;
  });
  if (input.disabled === true || passwordHash !== undefined) await revokeUserSessions(deps.prisma, id);
  // Signed-in requests see the new roles and name at once (this process's session cache).
  else announceUserChanged(id);
  return toUserView(updated);
}

function isEnabledAdmin(roles: readonly string[], isDisabled: boolean): boolean {
  return roles.includes('admin') && !isDisabled;
}

async function assertAnotherEnabledAdmin(tx: Prisma.TransactionClient, user: UserRow): Promise<void> {
  const others = await tx.user.count({
    where: { id: { not: user.id }, disabledAt: null, roles: { has: 'admin' } },
  });
  if (others === 0) {
    throw new AppError(
      'conflict',
      `${user.name} is the last enabled administrator; make someone else an administrator first.`,
    );
  }
}

function describeChanges(
  before: UserRow,
  input: UpdateUserInput,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.name !== undefined && input.name !== before.name) {
    changes.name = { from: before.name, to: input.name };
  }
  if (input.roles !== undefined && !sameSet(input.roles, before.roles)) {
    changes.roles = { from: before.roles, to: input.roles };
  }
  if (input.disabled !== undefined && input.disabled !== (before.disabledAt !== null)) {
    changes.disabled = { from: !input.disabled, to: input.disabled };
  }
  return changes;
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}

function matchNameOrEmail(q: string): Prisma.UserWhereInput {
  return {
    OR: [{ name: containsText(q) }, { email: containsText(q) }],
  };
}

async function findPageByName(
  deps: AppDeps,
  where: Prisma.UserWhereInput,
  query: { cursor?: string; limit: number },
): Promise<UserRow[]> {
  const after = decodeCursor(nameCursorSchema, query.cursor);
  const afterCursor: Prisma.UserWhereInput = after
    ? { OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] }
    : {};
  return deps.prisma.user.findMany({
    where: { AND: [where, afterCursor] },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
}

function nameCursorKey(row: UserRow): [string, string] {
  return [row.name, row.id];
}
