import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser, testAuditKey } from '../../testing/test-app';
import { keyLegacyAuditChain, recordAudit } from './audit.service';
import { hashLegacyAuditEntry, signAuditHead } from './audit-hash';

describe('audit log', () => {
  let t: TestApp;
  let admin: TestUser;
  let ids: string[];
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser(['admin'], { name: 'Auditor' });
    const send = (method: 'post' | 'patch', path: string, body: object) =>
      t.http()[method](path).set(bearer(admin.token)).send(body);
    const created = await send('post', '/api/users', {
      email: 'logged@example.com',
      name: 'Logged',
      password: 'logged password',
      roles: ['employee'],
    });
    await send('patch', `/api/users/${created.body.id}`, { name: 'Logged Twice', roles: ['reviewer'] });
    await send('post', '/api/hierarchy/departments', { name: 'Audited department' });
    // JSONB stores keys in its own order (shorter first); the hash must not care.
    await t.prisma.$transaction((tx) =>
      recordAudit(tx, {
        actorId: admin.user.id,
        action: 'test.key_order',
        targetType: 'test',
        details: { alpha: 1, zeta: { aa: 1, b: [{ yy: true, x: null }] } },
      }),
    );
    await send('post', '/api/documents', { kind: 'flow', name: 'Audited flow' });
    ids = (await t.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } })).map((entry) =>
      entry.id.toString(),
    );
  });

  const verify = async () =>
    (await t.http().get('/api/audit/verify').set(bearer(admin.token)).expect(200)).body;

  /** Runs a tampering in SQL, returns what verify says, then puts the log back as it was. */
  // The chain after `sql` (and `then`), verified; restored afterwards.
  async function tampered(sql: string[], then?: () => Promise<unknown>) {
    await t.pool.query('CREATE TABLE audit_backup AS SELECT * FROM audit_log');
    await t.pool.query('CREATE TABLE audit_head_backup AS SELECT * FROM audit_head');
    try {
      for (const statement of sql) await t.pool.query(statement);
      await then?.();
      return await verify();
    } finally {
      await t.pool.query('DELETE FROM audit_log');
      await t.pool.query('INSERT INTO audit_log SELECT * FROM audit_backup');
      await t.pool.query('DELETE FROM audit_head');
      await t.pool.query('INSERT INTO audit_head SELECT * FROM audit_head_backup');
      await t.pool.query('DROP TABLE audit_backup, audit_head_backup');
    }
  }

  it('lists newest first with who did it, page by page, filtered by action or target', async () => {
    expect(ids.length).toBe(5);
    const first = await t.http().get('/api/audit').query({ limit: 3 }).set(bearer(admin.token)).expect(200);
    expect(first.body.items.map((entry: { id: string }) => entry.id)).toEqual(ids.slice(2).reverse());
    expect(first.body.items[0]).toMatchObject({
      action: 'document.created',
      actor: { id: admin.user.id, name: 'Auditor' },
      targetType: 'document',
      details: { kind: 'flow', name: 'Audited flow', imported: false },
    });
    const second = await t
      .http()
      .get('/api/audit')
      .query({ limit: 3, cursor: first.body.nextCursor })
      .set(bearer(admin.token))
      .expect(200);
    expect(second.body.items.map((entry: { id: string }) => entry.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();

    const byAction = await t
      .http()
      .get('/api/audit')
      .query({ action: 'user.updated' })
      .set(bearer(admin.token));
    expect(byAction.body.items).toHaveLength(1);
    const userId = byAction.body.items[0].targetId;
    const byTarget = await t
      .http()
      .get('/api/audit')
      .query({ targetType: 'user', targetId: userId })
      .set(bearer(admin.token));
    expect(byTarget.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'user.updated',
      'user.created',
    ]);
  });

  it('names targets as they are now (or were, once gone) and finds entries by words, actor or target', async () => {
    const list = async (query: Record<string, string>) =>
      (await t.http().get('/api/audit').query(query).set(bearer(admin.token)).expect(200)).body.items as {
        action: string;
        target: unknown;
      }[];
    const [documentCreated, , department, userUpdated] = await list({});
    expect(userUpdated?.target).toEqual({ name: 'Logged Twice', exists: true });
    expect(department?.target).toEqual({ name: 'Audited department', exists: true });
    expect(documentCreated?.target).toMatchObject({ name: 'Audited flow', exists: true, kind: 'flow' });

    const actions = (items: { action: string }[]) => items.map((item) => item.action);
    expect(actions(await list({ q: 'logged@EXAMPLE' }))).toEqual(['user.updated', 'user.created']);
    expect(actions(await list({ q: 'audited flow' }))).toEqual(['document.created']);
    expect(actions(await list({ q: 'department.' }))).toEqual(['department.created']);
    expect(await list({ q: 'nothing like this' })).toEqual([]);
    expect((await list({ actorId: admin.user.id })).length).toBe(5);

    const flow = await t.prisma.document.findFirstOrThrow({ where: { name: 'Audited flow' } });
    await t.prisma.document.delete({ where: { id: flow.id } });
    expect((await list({ targetType: 'document' }))[0]?.target).toEqual({
      name: 'Audited flow',
      exists: false,
    });
    expect(actions(await list({ q: 'Audited flow' }))).toEqual(['document.created']);
    await t.http().get('/api/audit').query({ actorId: 'not-a-uuid' }).set(bearer(admin.token)).expect(400);
  });

  it('verifies an intact chain', async () => {
    expect(await verify()).toEqual({ ok: true, count: 5 });
  });

  it('detects an edited row', async () => {
    const result = await tampered([
      `UPDATE audit_log SET details = '{"name": "Forged"}' WHERE id = ${ids[2]}`,
    ]);
    expect(result).toEqual({ ok: false, count: 2, brokenId: ids[2], reason: 'hash_mismatch' });
    expect(await verify()).toEqual({ ok: true, count: 5 });
  });

  it('detects an edited row whose own hash was recomputed to match', async () => {
    const result = await tampered([
      `UPDATE audit_log SET action = 'user.viewed' WHERE id = ${ids[1]}`,
      `UPDATE audit_log SET hash = repeat('a', 64) WHERE id = ${ids[1]}`,
    ]);
    expect(result).toMatchObject({ ok: false, brokenId: ids[1] });
  });

  it('detects a deleted row', async () => {
    const result = await tampered([`DELETE FROM audit_log WHERE id = ${ids[1]}`]);
    expect(result).toEqual({ ok: false, count: 1, brokenId: ids[2], reason: 'chain_broken' });
  });

  it('detects reordered rows', async () => {
    const result = await tampered([
      `UPDATE audit_log SET id = -1 WHERE id = ${ids[3]}`,
      `UPDATE audit_log SET id = ${ids[3]} WHERE id = ${ids[2]}`,
      `UPDATE audit_log SET id = ${ids[2]} WHERE id = -1`,
    ]);
    expect(result).toEqual({ ok: false, count: 2, brokenId: ids[2], reason: 'chain_broken' });
  });

  it('detects deleted newest rows, even with the head rewritten to match', async () => {
    const last = ids.at(-1);
    expect(await tampered([`DELETE FROM audit_log WHERE id = ${last}`])).toEqual({
      ok: false,
      count: 4,
      brokenId: ids[3],
      reason: 'head_mismatch',
    });
    const rewrittenHead = await tampered([
      `DELETE FROM audit_log WHERE id = ${last}`,
      `UPDATE audit_head SET count = 4, last_hash = (SELECT hash FROM audit_log WHERE id = ${ids[3]})`,
    ]);
    expect(rewrittenHead).toMatchObject({ ok: false, reason: 'head_mismatch' });
    expect(await tampered(['DELETE FROM audit_log', 'DELETE FROM audit_head'])).toEqual({
      ok: true,
      count: 0,
    });
  });

  it('keeps a deleted newest row detectable after later entries', async () => {
    // The next entry chains from the signed head, not from the newest row left: the gap stays in the chain.
    const result = await tampered([`DELETE FROM audit_log WHERE id = ${ids.at(-1)}`], () =>
      t.prisma.$transaction((tx) =>
        recordAudit(tx, { actorId: admin.user.id, action: 'test.after_deletion', targetType: 'test' }),
      ),
    );
    expect(result).toMatchObject({ ok: false, reason: 'chain_broken' });
  });

  it('detects a chain re-hashed by someone without the key', async () => {
    // Recompute every hash as an attacker with database access would: the unkeyed SHA-256 of the old chain.
    const rows = (await t.pool.query('SELECT * FROM audit_log ORDER BY id')).rows;
    const statements: string[] = [];
    let prevHash = '0'.repeat(64);
    for (const row of rows) {
      const fields = JSON.stringify({
        at: new Date(row.at).toISOString(),
        actorId: row.actor_id,
        action: row.action === 'user.updated' ? 'user.viewed' : row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details,
      });
      const hash = createHash('sha256').update(prevHash).update(fields).digest('hex');
      statements.push(
        `UPDATE audit_log SET prev_hash = '${prevHash}', hash = '${hash}', action = '${JSON.parse(fields).action}' WHERE id = ${row.id}`,
      );
      prevHash = hash;
    }
    statements.push(`UPDATE audit_head SET last_hash = '${prevHash}'`);
    expect(await tampered(statements)).toEqual({
      ok: false,
      count: 0,
      brokenId: ids[0],
      reason: 'hash_mismatch',
    });
  });

  it('signs the head with the key at each entry', async () => {
    const head = await t.prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const last = await t.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(head).toMatchObject({ count: BigInt(ids.length), lastHash: last.hash });
    expect(head.signature).toBe(signAuditHead(head.count, head.lastHash));
    expect(head.signature).not.toBe(
      createHash('sha256').update(`audit-head:${head.count}:${head.lastHash}`).digest('hex'),
    );
  });

  it('keys a chain written before the key once, when it is intact, and leaves a broken one as it is', async () => {
    const legacy = await createTestApp();
    const legacyAdmin = await legacy.createUser(['admin']);
    await legacy
      .http()
      .post('/api/hierarchy/departments')
      .set(bearer(legacyAdmin.token))
      .send({ name: 'Old' });
    await legacy
      .http()
      .post('/api/hierarchy/departments')
      .set(bearer(legacyAdmin.token))
      .send({ name: 'Older' });
    // Turn the log into what an older version wrote: unkeyed SHA-256 hashes and no head.
    const rows = (await legacy.pool.query('SELECT * FROM audit_log ORDER BY id')).rows;
    let prevHash = '0'.repeat(64);
    for (const row of rows) {
      const entry = {
        ...row,
        at: new Date(row.at).toISOString(),
        actorId: row.actor_id,
        targetType: row.target_type,
        targetId: row.target_id,
      };
      const hash = hashLegacyAuditEntry(prevHash, entry);
      await legacy.pool.query('UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3', [
        prevHash,
        hash,
        row.id,
      ]);
      prevHash = hash;
    }
    await legacy.pool.query('DELETE FROM audit_head');
    const verifyLegacy = async () =>
      (await legacy.http().get('/api/audit/verify').set(bearer(legacyAdmin.token))).body;
    expect(await verifyLegacy()).toMatchObject({ ok: false, reason: 'hash_mismatch' });

    const deps = { prisma: legacy.prisma, logger: pino({ level: 'silent' }) };
    await legacy.pool.query(`UPDATE audit_log SET action = 'forged' WHERE id = ${rows[0].id}`);
    await keyLegacyAuditChain(deps, testAuditKey);
    expect(await verifyLegacy()).toMatchObject({ ok: false, reason: 'hash_mismatch' });
    await legacy.pool.query(`UPDATE audit_log SET action = $1 WHERE id = $2`, [rows[0].action, rows[0].id]);

    await keyLegacyAuditChain(deps, testAuditKey);
    expect(await verifyLegacy()).toEqual({ ok: true, count: rows.length });
    await keyLegacyAuditChain(deps, testAuditKey);
    expect(await verifyLegacy()).toEqual({ ok: true, count: rows.length });
  });

  it('keeps one chain when audited writes commit at the same moment', async () => {
    const { count } = await verify();
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        t.prisma.$transaction((tx) =>
          recordAudit(tx, { actorId: admin.user.id, action: `test.concurrent_${index}`, targetType: 'test' }),
        ),
      ),
    );
    expect(await verify()).toEqual({ ok: true, count: count + 12 });
  });

  it('is for admins only', async () => {
    for (const role of ['employee', 'reviewer', 'developer'] as const) {
      const caller = await t.createUser([role]);
      await t.http().get('/api/audit').set(bearer(caller.token)).expect(403);
      await t.http().get('/api/audit/verify').set(bearer(caller.token)).expect(403);
    }
  });
});
