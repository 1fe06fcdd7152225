import { type Sql, type SqlRunner, sqlOf } from '@erp/prisma';
import type { AuditEntryView, AuditVerification, ListAuditQuery } from '@erp/shared';
import type { AppDeps } from '../../deps';
import { cursorKeys, decodeCursor, toPage } from '../../http/lists';
import {
  genesisHash,
  hashAuditEntry,
  hashLegacyAuditEntry,
  signAuditHead,
  toStoredJson,
  useAuditKey,
} from './audit-hash';
import { auditSearch, resolveAuditTargets } from './audit-targets';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

// Serialises writers so the chain stays a single line even with several API processes.
const auditChainLock = 4_242_001;
const verifyBatchSize = 500;

/**
 * Appends a hash-chained audit entry inside the caller's transaction (so it commits with the change it records),
 * a Prisma one or plain `Sql`. Two statements, as every audited write pays them: the chain's head, locked and
 * read (`lockChain`); then the entry and the new signed head together. `input` may still be on its way (a
 * publish's details name the version its insert numbers): the head is locked at once, so on a pipelined
 * connection the lock goes out right behind the statement before it.
 */
export async function recordAudit(db: SqlRunner, input: AuditInput | Promise<AuditInput>): Promise<void> {
  const sql = sqlOf(db);
  const [{ prevHash, headCount }, known] = await Promise.all([lockChain(sql), input]);
  const count = BigInt(headCount) + 1n;
  const at = new Date();
  const entry = {
    at: at.toISOString(),
    actorId: known.actorId,
    action: known.action,
    targetType: known.targetType,
    targetId: known.targetId ?? null,
    details: toStoredJson(known.details ?? {}),
  };
  const hash = hashAuditEntry(prevHash, entry);
  const signature = signAuditHead(count, hash);
  await sql.query(
    `
    WITH entry AS (
      INSERT INTO audit_log (at, actor_id, action, target_type, target_id, details, prev_hash, hash)
      VALUES ($1::timestamptz, $2::uuid, $3, $4, $5, $6::jsonb, $7, $8)
    )
    INSERT INTO audit_head (id, count, last_hash, signature) VALUES (1, $9::bigint, $10, $11)
    ON CONFLICT (id) DO UPDATE
      SET count = excluded.count, last_hash = excluded.last_hash, signature = excluded.signature`,
    [
      entry.at,
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details),
      prevHash,
      hash,
      count.toString(),
      hash,
      signature,
    ],
  );
}

/**
 * Locks the chain for the caller's transaction and reads where it ends. A row lock that had to wait reads the
 * head as its holder committed it (READ COMMITTED follows a locked row to its newest version), so the lock and the
 * read are one statement; the next entry chains from the signed head, never from whatever the newest row is now.
 * A chain without a head (its first entry, or one written before heads) is locked by the advisory lock
 * `keyLegacyAuditChain` also takes, and read under it: a statement's snapshot is taken when it starts, so that
 * read is a statement of its own.
 */
async function lockChain(sql: Sql): Promise<{ prevHash: string; headCount: string }> {
  const [head] = await sql.query<{ last_hash: string; count: string }>(
    'SELECT last_hash, count::text AS count FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  if (head) return { prevHash: head.last_hash, headCount: head.count };
  await sql.query('SELECT 1 FROM pg_advisory_xact_lock($1::bigint)', [auditChainLock]);
  const [chain] = await sql.query<{ last_hash: string | null; head_count: string | null }>(`
    SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last_hash,
      (SELECT count::text FROM audit_head WHERE id = 1) AS head_count`);
  return {
    prevHash: chain?.last_hash ?? genesisHash,
    headCount: chain?.head_count ?? (await countAuditEntries(sql)),
  };
}

// A chain from before the head row existed: its length is its rows.
async function countAuditEntries(sql: Sql): Promise<string> {
  const [row] = await sql.query<{ count: string }>('SELECT count(*)::text AS count FROM audit_log');
  return row?.count ?? '0';
}

/** Newest first; filter by action, target and actor, and search names, emails and actions. */
export async function listAuditEntries(deps: AppDeps, query: ListAuditQuery) {
  const before = decodeCursor(cursorKeys.bigint, query.cursor);
  const rows = await deps.prisma.auditEntry.findMany({
    where: {
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      actorId: query.actorId,
      ...(before === undefined ? {} : { id: { lt: BigInt(before) } }),
      ...(query.q === undefined ? {} : await auditSearch(deps, query.q)),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const actors = new Map(
    (
      await deps.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    ).map((user) => [user.id, user]),
  );
  const targetOf = await resolveAuditTargets(deps, rows);
  const toView = (row: (typeof rows)[number]): AuditEntryView => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actorId ? (actors.get(row.actorId) ?? { id: row.actorId, name: 'unknown user' }) : null,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    target: targetOf(row),
    details: row.details as Record<string, unknown>,
  });
  return toPage(rows, query.limit, toView, (row) => row.id.toString());
}

/**
 * Walks the chain from the first row: each row must name the previous row's hash, and its own keyed hash must
 * match its content (an edited, deleted, reordered or re-hashed row). Then the chain must end where the signed
 * head says (newest rows deleted). The head goes to the server log each time, so a head rolled back to an older
 * signed one can be told from the log.
 */
export async function verifyAuditChain(deps: AppDeps): Promise<AuditVerification> {
  let prevHash = genesisHash;
  let count = 0;
  let lastId = '0';
  let afterId: bigint | undefined;
  for (;;) {
    const rows = await deps.prisma.auditEntry.findMany({
      where: afterId === undefined ? {} : { id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: verifyBatchSize,
    });
    for (const row of rows) {
      const brokenId = row.id.toString();
      if (row.prevHash !== prevHash) return { ok: false, count, brokenId, reason: 'chain_broken' };
      const entry = { ...row, at: row.at.toISOString() };
      if (hashAuditEntry(row.prevHash, entry) !== row.hash) {
        return { ok: false, count, brokenId, reason: 'hash_mismatch' };
      }
      prevHash = row.hash;
      lastId = brokenId;
      count += 1;
    }
    if (rows.length < verifyBatchSize) break;
    afterId = rows.at(-1)?.id;
  }
  const head = await deps.prisma.auditHead.findUnique({ where: { id: 1 } });
  deps.logger.info({ auditHead: { count, lastHash: prevHash } }, 'audit chain verified up to this head');
  const isHeadValid =
    head === null
      ? count === 0
      : head.signature === signAuditHead(head.count, head.lastHash) &&
        head.count === BigInt(count) &&
        head.lastHash === prevHash;
  return isHeadValid ? { ok: true, count } : { ok: false, count, brokenId: lastId, reason: 'head_mismatch' };
}

/**
 * A log written before the chain was keyed has unkeyed hashes and no head. At start, such a chain is checked
 * with the old hash once and, when intact, re-chained with the key. A broken one is left as it is, so that
 * verification keeps reporting where it breaks.
 */
export async function keyLegacyAuditChain(
  deps: Pick<AppDeps, 'prisma' | 'logger'>,
  key: string,
): Promise<void> {
  useAuditKey(key);
  await deps.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${auditChainLock})`;
      if ((await tx.auditHead.count()) > 0) return;
      const rows = await tx.auditEntry.findMany({ orderBy: { id: 'asc' } });
      if (rows.length === 0) return;
      let legacyHash = genesisHash;
      let keyedHash = genesisHash;
      const updates: { id: bigint; prevHash: string; hash: string }[] = [];
      for (const row of rows) {
        const entry = { ...row, at: row.at.toISOString() };
        if (row.prevHash !== legacyHash || hashLegacyAuditEntry(row.prevHash, entry) !== row.hash) {
          deps.logger.error({ id: row.id.toString() }, 'the unkeyed audit chain is broken; left as it is');
          return;
        }
        legacyHash = row.hash;
        const hash = hashAuditEntry(keyedHash, entry);
        updates.push({ id: row.id, prevHash: keyedHash, hash });
        keyedHash = hash;
      }
      // Hashes are unique: clear the old ones first so no new hash collides with an old one mid-way.
      await tx.$executeRaw`UPDATE audit_log SET hash = 'rekeying:' || id::text`;
      for (const update of updates) {
        await tx.auditEntry.update({
          where: { id: update.id },
          data: { prevHash: update.prevHash, hash: update.hash },
        });
      }
      const count = BigInt(rows.length);
      await tx.auditHead.create({
        data: { count, lastHash: keyedHash, signature: signAuditHead(count, keyedHash) },
      });
      deps.logger.info({ rows: rows.length }, 'audit chain keyed');
    },
    { timeout: 120_000 },
  );
}
