import { createTestPrisma } from '@erp/prisma/testing';
import type { DocumentKind, Role } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { findDocumentAccess } from './document-access';

const { prisma, make } = await createTestPrisma({ max: 2 });

describe('document access on the collab server', () => {
  it('lets developers and admins edit, reviewers read, and nobody into what is missing or archived', async () => {
    const { user: owner } = await make.user(['developer']);
    const flow = await make.document('flow', owner);
    const archived = await make.document('flow', owner, { archived: true });
    const access = (roles: Role[], name: { kind: DocumentKind; id: string } = flow) =>
      findDocumentAccess(prisma, roles, name);

    expect(await access(['developer'])).toBe('write');
    expect(await access(['admin'])).toBe('write');
    expect(await access(['reviewer'])).toBe('read');
    expect(await access(['employee'])).toBeNull();
    expect(await access([])).toBeNull();
    expect(await access(['developer'], { kind: 'taskForm', id: flow.id })).toBeNull();
    expect(await access(['developer'], archived)).toBeNull();
    expect(
      await access(['developer'], { kind: 'flow', id: '00000000-0000-4000-8000-000000000000' }),
    ).toBeNull();
  });
});
