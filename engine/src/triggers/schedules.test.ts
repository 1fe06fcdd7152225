import { createTestPrisma } from '@erp/prisma/testing';
import { PgBoss } from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { publishLive } from '../flows/testing';
import { fireSchedule, slotAt, syncTriggerSchedules } from './schedules';
import { actionOf, triggerOf } from './testing';

// Schedule triggers: the slot a firing belongs to (in the trigger's time zone), once per slot however many
// engines fire it, and pg-boss's schedules following what is live.

const { prisma, databaseUrl, make } = await createTestPrisma({ max: 3 });
const { user: developer } = await make.user(['developer']);
const notify = actionOf('sendEmail', {
  to: [{ type: 'email', address: 'ops@example.com' }],
  subject: 'Tick',
  body: '',
});
const scheduleTrigger = (enabled = true) => ({
  ...triggerOf({ type: 'schedule' as const, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }, [notify]),
  enabled,
});

describe('slots', () => {
  it('is the latest occurrence at or before the firing, counted in the time zone', () => {
    // 09:30 in Berlin (UTC+1 in winter) on a Monday: the 09:00 slot of that day.
    expect(slotAt('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-03-02T08:30:00Z')).toISOString()).toBe(
      '2026-03-02T08:00:00.000Z',
    );
    // Exactly on the slot, and in summer time (UTC+2).
    expect(slotAt('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-07-06T07:00:00Z')).toISOString()).toBe(
      '2026-07-06T07:00:00.000Z',
    );
    // On a Saturday: Friday's slot.
    expect(slotAt('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-03-07T12:00:00Z')).toISOString()).toBe(
      '2026-03-06T08:00:00.000Z',
    );
  });
});

describe('firing', () => {
  it('two engines firing one slot write one event; a disabled or superseded version writes none', async () => {
    const documentId = await publishLive(prisma, make, developer, scheduleTrigger());
    const payload = { documentId, versionNumber: 1 };
    const now = new Date('2026-03-02T08:00:01Z');
    const [first, second] = await Promise.all([
      prisma.$transaction((db) => fireSchedule(db, payload, now)),
      prisma.$transaction((db) => fireSchedule(db, payload, new Date('2026-03-02T08:00:02Z'))),
    ]);
    expect(first).toBe(`schedule:${documentId}:v1:2026-03-02T08:00:00.000Z`);
    expect(second).toBe(first);
    expect(await prisma.event.findMany({ where: { type: 'schedule' } })).toMatchObject([
      {
        id: first,
        payload: { triggerId: documentId, slot: '2026-03-02T08:00:00.000Z', timezone: 'Europe/Berlin' },
      },
    ]);
    await publishLive(prisma, make, developer, scheduleTrigger(false), documentId);
    expect(
      await prisma.$transaction((db) => fireSchedule(db, { documentId, versionNumber: 2 }, now)),
    ).toBeNull();
    expect(await prisma.$transaction((db) => fireSchedule(db, payload, now))).toBeNull();
  });
});

describe('pg-boss schedules', { timeout: 60_000 }, () => {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss' });
  boss.on('error', () => {});
  afterAll(() => boss.stop({ graceful: false }));

  it('follow the live, enabled schedule triggers', async () => {
    await boss.start();
    await boss.createQueue('trigger.schedule');
    const documentId = await publishLive(prisma, make, developer, scheduleTrigger());
    await syncTriggerSchedules(boss, prisma);
    const schedules = await boss.getSchedules('trigger.schedule');
    expect(schedules.find((schedule) => schedule.key === documentId)).toMatchObject({
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      data: { documentId, versionNumber: 1 },
    });
    await publishLive(prisma, make, developer, scheduleTrigger(false), documentId);
    await syncTriggerSchedules(boss, prisma);
    expect((await boss.getSchedules('trigger.schedule')).map((schedule) => schedule.key)).not.toContain(
      documentId,
    );
  });
});
