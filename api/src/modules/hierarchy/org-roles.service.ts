import type { Prisma, SessionUser } from '@erp/prisma';
import {
  AppError,
  type createOrgRoleInputSchema,
  type OrgRole,
  type updateOrgRoleInputSchema,
} from '@erp/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { changeHierarchy, missing } from './hierarchy-changes';
import { toOrgRoleView } from './hierarchy-views';

type Tx = Prisma.TransactionClient;

export async function listOrgRoles(deps: AppDeps) {
  const rows = await deps.prisma.orgRole.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  return { items: rows.map(toOrgRoleView), nextCursor: null };
}

export async function createOrgRole(
  deps: AppDeps,
  actor: SessionUser,
  input: z.infer<typeof createOrgRoleInputSchema>,
): Promise<OrgRole> {
  const create = async (tx: Tx) => {
    await assertNameFree(tx, input.name);
    return tx.orgRole.create({ data: input });
  };
  return toOrgRoleView(await changeHierarchy(deps, actor, 'org_role.created', create, () => input));
}

export async function updateOrgRole(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateOrgRoleInputSchema>,
): Promise<OrgRole> {
  const update = async (tx: Tx) => {
    await findOrgRole(tx, id);
    if (input.name !== undefined) await assertNameFree(tx, input.name, id);
    return tx.orgRole.update({ where: { id }, data: input });
  };
  return toOrgRoleView(await changeHierarchy(deps, actor, 'org_role.updated', update, () => input));
}

/** Only a role nobody ever held: its assignments are history. */
export async function deleteOrgRole(deps: AppDeps, actor: SessionUser, id: string): Promise<void> {
  const remove = async (tx: Tx) => {
    const row = await findOrgRole(tx, id);
    const assignments = await tx.orgRoleAssignment.count({ where: { orgRoleId: id } });
    if (assignments > 0) {
      throw new AppError(
        'conflict',
        `${row.name} has ${assignments} assignment(s) in its history; it can only be renamed.`,
      );
    }
    return tx.orgRole.delete({ where: { id } });
  };
  await changeHierarchy(deps, actor, 'org_role.deleted', remove, (row) => ({ name: row.name }));
}

export async function findOrgRole(tx: Tx, id: string, field?: string) {
  const row = await tx.orgRole.findUnique({ where: { id } });
  if (!row) throw missing('company role', field);
  return row;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const taken = await tx.orgRole.findFirst({
    where: { name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (taken) throw new AppError('conflict', `A company role named ${taken.name} already exists.`);
}
