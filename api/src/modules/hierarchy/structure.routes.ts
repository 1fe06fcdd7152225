import {
  atQuerySchema,
  createDepartmentInputSchema,
  createPositionInputSchema,
  departmentSchema,
  endAssignmentInputSchema,
  hierarchyTreeSchema,
  idParamsSchema,
  positionSchema,
  updateDepartmentInputSchema,
  updatePositionInputSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import { getHierarchyTree } from './hierarchy.service';
import { hierarchyReader, hierarchyWriter } from './policies';
import {
  closePosition,
  createDepartment,
  createPosition,
  deleteDepartment,
  deletePosition,
  updateDepartment,
  updatePosition,
} from './structure.service';

const tag = 'Hierarchy';

// The org's shape: departments (nested), positions and the tree of both. A position is closed, not deleted,
// once someone held it.
export const structureRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/tree',
    summary: 'Departments (nested) with their positions and who held them at `at` (default now)',
    tag,
    policy: hierarchyReader,
    input: { query: atQuerySchema },
    response: hierarchyTreeSchema,
    handle: async ({ deps, query }) => getHierarchyTree(deps, query.at),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/departments',
    summary: 'Create a department, optionally under another',
    tag,
    policy: hierarchyWriter,
    input: { body: createDepartmentInputSchema },
    response: departmentSchema,
    status: 201,
    handle: async ({ deps, user, body }) => createDepartment(deps, user, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/hierarchy/departments/:id',
    summary: 'Rename or move a department; 409 when the move would make a cycle',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: updateDepartmentInputSchema },
    response: departmentSchema,
    handle: async ({ deps, user, params, body }) => updateDepartment(deps, user, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/hierarchy/departments/:id',
    summary: 'Delete an empty department; 409 while it has sub-departments or positions',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params }) => deleteDepartment(deps, user, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/positions',
    summary: 'Create a position in a department, optionally under another position',
    tag,
    policy: hierarchyWriter,
    input: { body: createPositionInputSchema },
    response: positionSchema,
    status: 201,
    handle: async ({ deps, user, body }) => createPosition(deps, user, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/hierarchy/positions/:id',
    summary: 'Rename or move a position; 409 when the move would make a cycle',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: updatePositionInputSchema },
    response: positionSchema,
    handle: async ({ deps, user, params, body }) => updatePosition(deps, user, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/positions/:id/close',
    summary:
      'Close a position from `validTo` (default now): its holders stop then and nobody can hold it after',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: endAssignmentInputSchema },
    response: positionSchema,
    handle: async ({ deps, user, params, body }) => closePosition(deps, user, params.id, body.validTo),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/hierarchy/positions/:id',
    summary: 'Delete a position nobody ever held; 409 while it has positions below it or any history',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params }) => deletePosition(deps, user, params.id),
  }),
];
