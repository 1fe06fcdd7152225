import { describe, expect, it } from 'vitest';
import { createTestPrisma } from '../testing';
import { findManager, listPositionMembers, listRoleMembers } from './hierarchy-queries';
import { toPersonView } from './people';

const { prisma, make } = await createTestPrisma({ max: 2 });

describe('hierarchy queries', () => {
  it('answers who manages whom and who holds a seat or a role, at a moment', async () => {
    const org = await make.org(new Date('2025-01-01T00:00:00Z'));
    const before = new Date('2024-12-31T23:59:59Z');

    expect(await findManager(prisma, org.member.user.id)).toEqual({
      manager: toPersonView(org.head.user),
      via: 'position',
      positionId: org.head.position.id,
    });
    expect(await findManager(prisma, org.head.user.id)).toEqual({
      manager: null,
      via: null,
      positionId: null,
    });
    expect(await findManager(prisma, org.member.user.id, before)).toMatchObject({ manager: null });

    const seat = await listPositionMembers(prisma, org.head.position.id);
    expect(seat.map((member) => member.user)).toEqual([toPersonView(org.head.user)]);
    const role = await listRoleMembers(prisma, org.orgRole.id);
    expect(role).toEqual([
      {
        user: toPersonView(org.member.user),
        assignmentId: org.orgRoleAssignment.id,
        validFrom: '2025-01-01T00:00:00.000Z',
        validTo: null,
      },
    ]);
    expect(await listRoleMembers(prisma, org.orgRole.id, before)).toEqual([]);
  });
});
