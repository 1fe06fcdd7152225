import {
  assignOrgRoleInputSchema,
  assignPositionInputSchema,
  atQuerySchema,
  endAssignmentInputSchema,
  idParamsSchema,
  managerSchema,
  memberListSchema,
  orgRoleAssignmentSchema,
  positionAssignmentSchema,
  userAssignmentsSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import {
  assignOrgRole,
  assignPosition,
  endOrgRoleAssignment,
  endPositionAssignment,
  listUserAssignments,
} from './assignments.service';
import { getManager, getPositionMembers, getRoleMembers } from './hierarchy.service';
import { hierarchyReader, hierarchyWriter } from './policies';

const tag = 'Hierarchy';

// Who holds which position or company role when, and the questions answered from that (manager, members).
export const assignmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/assignments',
    summary: 'Put a person in a position from validFrom (default now); ends their previous assignment then',
    tag,
    policy: hierarchyWriter,
    input: { body: assignPositionInputSchema },
    response: positionAssignmentSchema,
    status: 201,
    handle: async ({ deps, user, body }) => assignPosition(deps, user, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/assignments/:id/end',
    summary: 'End a position assignment at validTo (default now); send {} for now',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: endAssignmentInputSchema },
    response: positionAssignmentSchema,
    handle: async ({ deps, user, params, body }) =>
      endPositionAssignment(deps, user, params.id, body.validTo),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/org-role-assignments',
    summary: 'Give a person a company role from validFrom (default now)',
    tag,
    policy: hierarchyWriter,
    input: { body: assignOrgRoleInputSchema },
    response: orgRoleAssignmentSchema,
    status: 201,
    handle: async ({ deps, user, body }) => assignOrgRole(deps, user, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/hierarchy/org-role-assignments/:id/end',
    summary: 'End a company role assignment at validTo (default now); send {} for now',
    tag,
    policy: hierarchyWriter,
    input: { params: idParamsSchema, body: endAssignmentInputSchema },
    response: orgRoleAssignmentSchema,
    handle: async ({ deps, user, params, body }) => endOrgRoleAssignment(deps, user, params.id, body.validTo),
  }),
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/users/:id/assignments',
    summary: "A person's positions and company roles over time, oldest first",
    tag,
    policy: hierarchyReader,
    input: { params: idParamsSchema },
    response: userAssignmentsSchema,
    handle: async ({ deps, params }) => listUserAssignments(deps, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/users/:id/manager',
    summary:
      "A person's manager at `at` (default now): their reportsTo, else the occupant of a position above",
    tag,
    policy: hierarchyReader,
    input: { params: idParamsSchema, query: atQuerySchema },
    response: managerSchema,
    handle: async ({ deps, params, query }) => getManager(deps, params.id, query.at),
  }),
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/positions/:id/members',
    summary: 'Who held a position at `at` (default now)',
    tag,
    policy: hierarchyReader,
    input: { params: idParamsSchema, query: atQuerySchema },
    response: memberListSchema,
    handle: async ({ deps, params, query }) => getPositionMembers(deps, params.id, query.at),
  }),
  defineRoute({
    method: 'get',
    path: '/api/hierarchy/org-roles/:id/members',
    summary: 'Who held a company role at `at` (default now)',
    tag,
    policy: hierarchyReader,
    input: { params: idParamsSchema, query: atQuerySchema },
    response: memberListSchema,
    handle: async ({ deps, params, query }) => getRoleMembers(deps, params.id, query.at),
  }),
];
