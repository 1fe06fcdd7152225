import { Prisma, type SessionUser } from '@erp/prisma';
import {
  AppError,
  type createDepartmentInputSchema,
  type createPositionInputSchema,
  type Department,
  type Position,
  type updateDepartmentInputSchema,
  type updatePositionInputSchema,
} from '@erp/shared';
import type { z } from 'zod';
import type { AppDeps } from '../../deps';
import { changeHierarchy, missing } from './hierarchy-changes';
import { toDepartmentView, toPositionView } from './hierarchy-views';

type Tx = Prisma.TransactionClient;

export async function createDepartment(
  deps: AppDeps,
  actor: SessionUser,
  input: z.infer<typeof createDepartmentInputSchema>,
): Promise<Department> {
  const create = async (tx: Tx) => {
    if (input.parentId) await findDepartment(tx, input.parentId, 'parentId');
    return tx.department.create({ data: input });
  };
  return toDepartmentView(await changeHierarchy(deps, actor, 'department.created', create, () => input));
}

export async function updateDepartment(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateDepartmentInputSchema>,
): Promise<Department> {
  const update = async (tx: Tx) => {
    await findDepartment(tx, id);
    if (input.parentId) {
      await findDepartment(tx, input.parentId, 'parentId');
      await assertNoCycle(tx, 'departments', id, input.parentId, 'department');
    }
    return tx.department.update({ where: { id }, data: input });
  };
  return toDepartmentView(await changeHierarchy(deps, actor, 'department.updated', update, () => input));
}

export async function deleteDepartment(deps: AppDeps, actor: SessionUser, id: string): Promise<void> {
  const remove = async (tx: Tx) => {
    const row = await findDepartment(tx, id);
    const [children, positions] = await Promise.all([
      tx.department.count({ where: { parentId: id } }),
      tx.position.count({ where: { departmentId: id } }),
    ]);
    if (children > 0 || positions > 0) {
      throw new AppError(
        'conflict',
        `${row.name} still has ${children} sub-department(s) and ${positions} position(s); move or delete them first.`,
      );
    }
    return tx.department.delete({ where: { id } });
  };
  await changeHierarchy(deps, actor, 'department.deleted', remove, (row) => ({ name: row.name }));
}

export async function createPosition(
  deps: AppDeps,
  actor: SessionUser,
  input: z.infer<typeof createPositionInputSchema>,
): Promise<Position> {
  const create = async (tx: Tx) => {
    await findDepartment(tx, input.departmentId, 'departmentId');
    if (input.parentId) await findPosition(tx, input.parentId, 'parentId');
    return tx.position.create({ data: input });
  };
  return toPositionView(await changeHierarchy(deps, actor, 'position.created', create, () => input));
}

export async function updatePosition(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updatePositionInputSchema>,
): Promise<Position> {
  const update = async (tx: Tx) => {
    await findPosition(tx, id);
    if (input.departmentId) await findDepartment(tx, input.departmentId, 'departmentId');
    if (input.parentId) {
      await findPosition(tx, input.parentId, 'parentId');
      await assertNoCycle(tx, 'positions', id, input.parentId, 'position');
    }
    return tx.position.update({ where: { id }, data: input });
  };
  return toPositionView(await changeHierarchy(deps, actor, 'position.updated', update, () => input));
}

/** Only a position nobody ever held: assignments are history, and history is never deleted. */
export async function deletePosition(deps: AppDeps, actor: SessionUser, id: string): Promise<void> {
  const remove = async (tx: Tx) => {
    const row = await findPosition(tx, id);
    const [children, assignments] = await Promise.all([
      tx.position.count({ where: { parentId: id } }),
      tx.positionAssignment.count({ where: { positionId: id } }),
    ]);
    if (children > 0 || assignments > 0) {
      throw new AppError(
        'conflict',
        `${row.title} has ${children} position(s) below it and ${assignments} assignment(s) in its history; it can only be moved or renamed.`,
      );
    }
    return tx.position.delete({ where: { id } });
  };
  await changeHierarchy(deps, actor, 'position.deleted', remove, (row) => ({ title: row.title }));
}

/**
 * Closes a position from `validTo` (default now): whoever holds it stops then, and it takes nobody after. Its
 * history stays (flows still resolve who held it before); positions still open below it must move first.
 */
export async function closePosition(
  deps: AppDeps,
  actor: SessionUser,
  id: string,
  validTo: Date = new Date(),
): Promise<Position> {
  let endedAssignments = 0;
  const close = async (tx: Tx) => {
    const row = await findPosition(tx, id);
    if (row.closedAt)
      throw new AppError('conflict', `${row.title} was closed at ${row.closedAt.toISOString()}.`);
    const openBelow = await tx.position.count({ where: { parentId: id, closedAt: null } });
    if (openBelow > 0) {
      throw new AppError(
        'conflict',
        `${row.title} has ${openBelow} open position(s) below it; move or close them first.`,
      );
    }
    const started = await tx.positionAssignment.count({
      where: { positionId: id, validFrom: { gt: validTo } },
    });
    if (started > 0) {
      throw new AppError(
        'conflict',
        `${row.title} has an assignment starting after ${validTo.toISOString()}.`,
      );
    }
    ({ count: endedAssignments } = await tx.positionAssignment.updateMany({
      where: { positionId: id, validTo: null },
      data: { validTo },
    }));
    return tx.position.update({ where: { id }, data: { closedAt: validTo } });
  };
  const describe = () => ({ closedAt: validTo.toISOString(), endedAssignments });
  return toPositionView(await changeHierarchy(deps, actor, 'position.closed', close, describe, 'shared'));
}

async function findDepartment(tx: Tx, id: string, field?: string) {
  const row = await tx.department.findUnique({ where: { id } });
  if (!row) throw missing('department', field);
  return row;
}

export async function findPosition(tx: Tx, id: string, field?: string) {
  const row = await tx.position.findUnique({ where: { id } });
  if (!row) throw missing('position', field);
  return row;
}

/** Moving `id` under `parentId` must not make it its own ancestor. */
async function assertNoCycle(
  tx: Tx,
  table: 'departments' | 'positions',
  id: string,
  parentId: string,
  what: string,
): Promise<void> {
  // UNION (not UNION ALL) stops the walk even if the stored tree already had a loop.
  const loops = await tx.$queryRaw<unknown[]>`
    WITH RECURSIVE ancestors(id, parent_id) AS (
      SELECT id, parent_id FROM ${Prisma.raw(table)} WHERE id = ${parentId}::uuid
      UNION
      SELECT t.id, t.parent_id FROM ${Prisma.raw(table)} t JOIN ancestors a ON t.id = a.parent_id
    )
    SELECT 1 FROM ancestors WHERE id = ${id}::uuid`;
  if (loops.length > 0) {
    throw new AppError('conflict', `A ${what} cannot be placed under itself or one of its own descendants.`);
  }
}
