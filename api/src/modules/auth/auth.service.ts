import {
  createSession,
  hashSessionToken,
  type PrismaClient,
  revokeSession,
  revokeUserSessions,
  type SessionUser,
  sessionPolicyOf,
  type User as UserRow,
} from '@erp/prisma';
import { AppError, type LoginInput, type LoginResponse, type SetupInput } from '@erp/shared';
import type { AppServices } from '../../deps';
import { recordAudit } from '../audit/audit.service';
import { toUserView } from '../users/user-view';
import type { PasswordAttempt } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';

export interface ClientInfo {
  ip: string;
  userAgent?: string;
  /** The session the request came with, replaced at login (rotation). */
  previousToken?: string | null;
}

// One lock id for "is this installation set up yet", so two racing first visits cannot both win.
const setupLock = 4_242_002;

export async function needsSetup(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

/** The first account of a new installation: admin and developer. Afterwards: 409. */
export async function setupFirstAccount(
  deps: AppServices,
  input: SetupInput,
  client: ClientInfo,
): Promise<LoginResponse> {
  deps.setupCode.check(input.setupCode);
  const passwordHash = await hashPassword(input.password);
  const user = await deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${setupLock})`;
    if ((await tx.user.count()) > 0)
      throw new AppError('conflict', 'This installation already has an account.');
    const created = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, roles: ['admin', 'developer'] },
    });
    await recordAudit(tx, {
      actorId: created.id,
      action: 'auth.setup',
      targetType: 'user',
      targetId: created.id,
    });
    return created;
  });
  return openSession(deps, user, client);
}

/**
 * Signs in. A wrong password, an unknown account and a disabled account get the same answer, after the same
 * work (the password is always verified), so the answer tells nothing about the account.
 */
export async function login(
  deps: AppServices,
  input: LoginInput,
  client: ClientInfo,
): Promise<LoginResponse> {
  const attempt = await deps.loginThrottle.consumeAttempt(input.email, client.ip);
  const user = await deps.prisma.user.findUnique({ where: { email: input.email } });
  const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isValid || user.disabledAt) {
    await auditSignIn(deps, 'auth.login_failed', user, client, attempt);
    throw new AppError('unauthenticated', 'The email or password is not right.');
  }
  await attempt.succeeded();
  if (client.previousToken) await revokeToken(deps.prisma, client.previousToken);
  await auditSignIn(deps, 'auth.login', user, client);
  return openSession(deps, user, client);
}

export async function logout(prisma: PrismaClient, user: SessionUser): Promise<void> {
  await revokeSession(prisma, user.sessionId);
  await prisma.$transaction((tx) =>
    recordAudit(tx, { actorId: user.id, action: 'auth.logout', targetType: 'user', targetId: user.id }),
  );
}

/** Sign-ins and failed ones are audited; the attempt that uses up an allowance is a lockout, audited too. */
async function auditSignIn(
  deps: AppServices,
  action: 'auth.login' | 'auth.login_failed' | 'auth.password_check_failed',
  user: UserRow | null,
  client: ClientInfo,
  attempt?: PasswordAttempt,
): Promise<void> {
  const details = { ip: client.ip, ...(user?.disabledAt ? { disabled: true } : {}) };
  const target = { targetType: 'user', targetId: user?.id ?? null };
  await deps.prisma.$transaction(async (tx) => {
    await recordAudit(tx, {
      actorId: action === 'auth.login_failed' ? null : (user?.id ?? null),
      action,
      ...target,
      details,
    });
    if (attempt?.isLastAllowed) {
      await recordAudit(tx, { actorId: null, action: 'auth.lockout', ...target, details });
    }
  });
}

/** Changing a password ends every session of the account, then opens a fresh one for the caller. */
export async function changePassword(
  deps: AppServices,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<LoginResponse> {
  // Throttled like sign-in: a stolen session must not be able to guess the password and then rotate it.
  const attempt = await deps.loginThrottle.consumeAttempt(user.email, client.ip);
  const row = await deps.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await auditSignIn(deps, 'auth.password_check_failed', row, client, attempt);
    throw new AppError('invalid_input', 'The current password is not right.', {
      issues: [{ path: ['currentPassword'], message: 'The current password is not right.' }],
    });
  }
  await attempt.succeeded();
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await deps.prisma.$transaction(async (tx) => {
    const changed = await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.password_changed',
      targetType: 'user',
      targetId: user.id,
    });
    return changed;
  });
  await revokeUserSessions(deps.prisma, user.id);
  return openSession(deps, updated, client);
}

async function openSession(deps: AppServices, user: UserRow, client: ClientInfo): Promise<LoginResponse> {
  const session = await createSession(deps.prisma, user.id, sessionPolicyOf(deps.config), client);
  return { user: toUserView(user), token: session.token, expiresAt: session.expiresAt.toISOString() };
}

async function revokeToken(prisma: PrismaClient, token: string): Promise<void> {
  await revokeSession(prisma, hashSessionToken(token));
}
