import { hash, randomBytes } from 'node:crypto';
import type { Role } from '@erp/shared';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { PrismaClient } from './generated/client';

// Session storage shared by the API and the collab server (both authenticate the same tokens).
// Design from the Lucia guide: a random token goes to the client, only its SHA-256 is stored.

export const sessionCookieName = 'erp_session';
// Postgres NOTIFY channel raised by a trigger whenever a session row is deleted (logout, disable, expiry).
export const sessionRevokedChannel = 'erp_session_revoked';
// Raised by a trigger when a user's name, email, roles or disabled state change (payload: the user's id).
export const userChangedChannel = 'erp_user_changed';

/** A change that ends or alters sessions: one session, or every session of a user. */
export type SessionChange = { sessionId: string } | { userId: string };

// Session caches of this process (the API's), told of the changes this process makes as soon as they are
// committed; other processes' changes reach them through the two channels above, a moment later.
const localListeners = new Set<(change: SessionChange) => void>();

/** Hears this process's session and user changes at their commit; returns the unsubscribe. */
export function onLocalSessionChange(listener: (change: SessionChange) => void): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

/** Tells this process's session caches that a user changed (roles, name, disabled) right after the commit. */
export function announceUserChanged(userId: string): void {
  for (const listener of localListeners) listener({ userId });
}

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

const day = 24 * 60 * 60 * 1000;

/** The policy from the SESSION_IDLE_DAYS / SESSION_MAX_DAYS a server's config parsed (`sessionPolicyVars`). */
export function sessionPolicyOf(config: {
  SESSION_IDLE_DAYS: number;
  SESSION_MAX_DAYS: number;
}): SessionPolicy {
  return { idleMs: config.SESSION_IDLE_DAYS * day, maxMs: config.SESSION_MAX_DAYS * day };
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  sessionId: string;
}

export interface ValidSession {
  user: SessionUser;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  /** True when the sliding expiry moved and the client's cookie should be refreshed. */
  isRefreshed: boolean;
}

/** The session token from a `Cookie` header, as the API sets it (`erp_session=<token>`). */
export function readSessionCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === sessionCookieName) {
      return part.slice(separator + 1).trim() || null;
    }
  }
  return null;
}

export function hashSessionToken(token: string): string {
  // The one-shot hash: every request hashes its token, and a Hash object per call cost more than the digest.
  return hash('sha256', token);
}

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  policy: SessionPolicy,
  client: { ip?: string; userAgent?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  // 256 bits of entropy, base32 so it is safe in cookies and headers.
  const token = encodeBase32LowerCaseNoPadding(randomBytes(32));
  const now = Date.now();
  const expiresAt = new Date(Math.min(now + policy.idleMs, now + policy.maxMs));
  await prisma.session.create({
    data: {
      id: hashSessionToken(token),
      userId,
      expiresAt,
      absoluteExpiresAt: new Date(now + policy.maxMs),
      ip: client.ip?.slice(0, 100),
      userAgent: client.userAgent?.slice(0, 500),
    },
  });
  return { token, expiresAt };
}

interface SessionState {
  expiresAt: Date;
  absoluteExpiresAt: Date;
  user: { disabledAt: Date | null };
}

// The one liveness rule: both expiries still ahead, and the user not disabled.
function isLiveSession(session: SessionState, now: number): boolean {
  return (
    session.expiresAt.getTime() > now && session.absoluteExpiresAt.getTime() > now && !session.user.disabledAt
  );
}

/** Which of these sessions are still live (the collab server's periodic re-check of its open sockets). */
export async function findLiveSessionIds(prisma: PrismaClient, sessionIds: string[]): Promise<Set<string>> {
  const rows = await prisma.session.findMany({
    where: { id: { in: sessionIds } },
    select: { id: true, expiresAt: true, absoluteExpiresAt: true, user: { select: { disabledAt: true } } },
  });
  const now = Date.now();
  return new Set(rows.filter((row) => isLiveSession(row, now)).map((row) => row.id));
}

interface SessionRow {
  expiresAt: Date;
  absoluteExpiresAt: Date;
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabledAt: Date | null;
}

/**
 * The idle expiry a live session slides to at `now`, or null while it need not move: before its half-life, or
 * once it has reached the absolute cap (then it would be written on every request without moving).
 */
export function slidExpiry(
  session: { expiresAt: Date; absoluteExpiresAt: Date },
  now: number,
  policy: SessionPolicy,
): Date | null {
  if (session.expiresAt.getTime() - now >= policy.idleMs / 2) return null;
  const next = Math.min(now + policy.idleMs, session.absoluteExpiresAt.getTime());
  return next > session.expiresAt.getTime() ? new Date(next) : null;
}

/** The session's user when the token is live and the user enabled; extends the idle expiry past its half-life. */
export async function validateSessionToken(
  prisma: PrismaClient,
  token: string,
  policy: SessionPolicy,
): Promise<ValidSession | null> {
  if (!/^[a-z2-7]{20,128}$/.test(token)) return null;
  const id = hashSessionToken(token);
  // Every request passes here: one statement (Prisma's include would be two) and only the columns it needs.
  const [row] = await prisma.$queryRaw<SessionRow[]>`
    SELECT s.expires_at AS "expiresAt", s.absolute_expires_at AS "absoluteExpiresAt", u.id, u.email, u.name,
           u.roles::text[] AS roles, u.disabled_at AS "disabledAt"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${id}`;
  if (!row) return null;
  const now = Date.now();
  if (!isLiveSession({ ...row, user: row }, now)) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  const slid = slidExpiry(row, now, policy);
  if (slid) await prisma.session.update({ where: { id }, data: { expiresAt: slid } });
  const expiresAt = slid ?? row.expiresAt;
  const isRefreshed = slid !== null;
  return {
    user: { id: row.id, email: row.email, name: row.name, roles: row.roles, sessionId: id },
    expiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    isRefreshed,
  };
}

export async function revokeSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
  for (const listener of localListeners) listener({ sessionId });
}

export async function revokeUserSessions(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { userId } });
  announceUserChanged(userId);
}
