import {
  createOrgRoleInputSchema,
  idParamsSchema,
  listResponseSchema,
  orgRoleSchema,
  updateOrgRoleInputSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import { createOrgRole, deleteOrgRole, listOrgRoles, updateOrgRole } from './org-roles.service';
import { hierarchyReader, hierarchyWriter } from './policies';

const tag = 'Hierarchy';

// Company roles (approver, payroll…), which people hold for a period (see assignments.routes.ts).
export const orgRoleRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/org-roles',
    summary: 'Company roles by name',
    tag,
    policy: hierarchyReader,
    response: listResponseSchema(orgRoleSchema),
    handle: async ({ deps }) => listOrgRoles(deps),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/org-roles',
    summary: 'Create a company role; 409 when the name is taken',
    tag,
    policy: hierarchyWriter,
    input: { body: createOrgRoleInputSchema },
    response: orgRoleSchema,
    status: 201,
    handle: async ({ deps, user, body }) => createOrgRole(deps, user, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/hierarchy/org-roles/:id',
    summary: 'Rename or describe a company role',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: updateOrgRoleInputSchema },
    response: orgRoleSchema,
    handle: async ({ deps, user, params, body }) => updateOrgRole(deps, user, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/hierarchy/org-roles/:id',
    summary: 'Delete a company role nobody ever held; 409 otherwise',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params }) => deleteOrgRole(deps, user, params.id),
  }),
];
