import { randomBytes } from 'node:crypto';
import { type DocumentKind, type Role, toDocumentName } from '@erp/shared';
import { afterAll } from 'vitest';
import type {
  Department,
  Document,
  OrgRole,
  OrgRoleAssignment,
  Position,
  PositionAssignment,
  PrismaClient,
  User,
} from '../generated/client';
import { createPrismaClient } from '../index';
import { createSession, type SessionPolicy } from '../sessions';
import { createTestDatabase } from './database';

// The one way tests of every package build their data (users, sessions, documents, an org) directly in the
// database, beside the API or the process under test rather than through it.

export const testSessionPolicy: SessionPolicy = { idleMs: 3_600_000, maxMs: 7_200_000 };

export interface UserSpec {
  name?: string;
  email?: string;
  // Tests that sign in through the API hash a password with the API's own hasher.
  passwordHash?: string;
  disabled?: boolean;
}

/** A user row and a live session token (Bearer for HTTP, `token` for the collab provider). */
export interface TestAccount {
  user: User;
  token: string;
}

export interface DocumentSpec {
  name?: string;
  initialContent?: object;
  archived?: boolean;
}

/** A person in a seat of the org, from `validFrom` on. */
export interface OrgMember extends TestAccount {
  position: Position;
  assignment: PositionAssignment;
}

/**
 * A small org as of `validFrom`: one department whose head position has a member position below it, each held
 * by a new employee, and a company role the member holds.
 */
export interface TestOrg {
  department: Department;
  head: OrgMember;
  member: OrgMember;
  orgRole: OrgRole;
  orgRoleAssignment: OrgRoleAssignment;
}

/** Factories bound to one test database; names and emails are unique within it. */
export function createFactories(prisma: PrismaClient) {
  const run = randomBytes(3).toString('hex');
  let counter = 0;
  const next = () => {
    counter += 1;
    return counter;
  };

  const factories = {
    /** A user with these roles and a live session. */
    async user(roles: Role[], spec: UserSpec = {}): Promise<TestAccount> {
      const n = next();
      const user = await prisma.user.create({
        data: {
          email: spec.email ?? `user-${n}-${run}@example.com`,
          name: spec.name ?? `Test User ${n}`,
          passwordHash: spec.passwordHash ?? 'no password: signs in by session token only',
          roles,
          disabledAt: spec.disabled ? new Date() : null,
        },
      });
      return { user, token: await factories.session(user.id) };
    },

    /** Another live session of a user; returns its token. */
    async session(userId: string, policy: SessionPolicy = testSessionPolicy): Promise<string> {
      return (await createSession(prisma, userId, policy)).token;
    },

    /** A builder document created by `owner`, with its collab name (`<kind>:<id>`). */
    async document(
      kind: DocumentKind,
      owner: { id: string },
      spec: DocumentSpec = {},
    ): Promise<Document & { collabName: string }> {
      const document = await prisma.document.create({
        data: {
          kind,
          name: spec.name ?? `Test ${kind} ${next()}`,
          createdById: owner.id,
          updatedById: owner.id,
          initialContent: spec.initialContent,
          archivedAt: spec.archived ? new Date() : null,
        },
      });
      return { ...document, collabName: toDocumentName(kind, document.id) };
    },

    department(name = `Department ${next()}`, parentId: string | null = null): Promise<Department> {
      return prisma.department.create({ data: { name, parentId } });
    },

    position(departmentId: string, parentId: string | null = null, title = `Position ${next()}`) {
      return prisma.position.create({ data: { title, departmentId, parentId } });
    },

    /** A person in a position from `validFrom` (until `validTo`, exclusive, when given). */
    assignPosition(
      userId: string,
      positionId: string,
      period: { validFrom: Date; validTo?: Date; reportsToId?: string },
    ): Promise<PositionAssignment> {
      return prisma.positionAssignment.create({ data: { userId, positionId, ...period } });
    },

    orgRole(name = `Org role ${next()}`): Promise<OrgRole> {
      return prisma.orgRole.create({ data: { name } });
    },

    assignOrgRole(userId: string, orgRoleId: string, period: { validFrom: Date; validTo?: Date }) {
      return prisma.orgRoleAssignment.create({ data: { userId, orgRoleId, ...period } });
    },

    async org(validFrom = new Date('2025-01-01T00:00:00Z')): Promise<TestOrg> {
      const department = await factories.department();
      const seat = async (parentId: string | null, name: string): Promise<OrgMember> => {
        const account = await factories.user(['employee'], { name });
        const position = await factories.position(department.id, parentId, `${name}'s position`);
        const assignment = await factories.assignPosition(account.user.id, position.id, { validFrom });
        return { ...account, position, assignment };
      };
      const head = await seat(null, `Head ${next()}`);
      const member = await seat(head.position.id, `Member ${next()}`);
      const orgRole = await factories.orgRole();
      const orgRoleAssignment = await factories.assignOrgRole(member.user.id, orgRole.id, { validFrom });
      return { department, head, member, orgRole, orgRoleAssignment };
    },
  };
  return factories;
}

export type Factories = ReturnType<typeof createFactories>;

/** A Prisma client on a fresh database for the calling test file (disconnected after it), with factories. */
export async function createTestPrisma(options: { max?: number } = {}) {
  const databaseUrl = await createTestDatabase();
  const prisma = createPrismaClient(databaseUrl, { max: options.max ?? 4 });
  afterAll(() => prisma.$disconnect());
  return { prisma, databaseUrl, make: createFactories(prisma) };
}
