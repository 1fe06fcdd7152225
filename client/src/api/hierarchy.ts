import { listResponseSchema } from '@erp/shared/api/common';
import {
  departmentSchema,
  hierarchyTreeSchema,
  managerSchema,
  memberListSchema,
  orgRoleAssignmentSchema,
  orgRoleSchema,
  positionAssignmentSchema,
  positionSchema,
} from '@erp/shared/api/hierarchy';
import { apiRequest } from './client';

// The company structure: the tree as of a day (the Hierarchy page, the builders' pickers, the simulator's
// assignment preview) and its edits, each a dated change that never rewrites the past.

/** The tree as it stood on `at` (an ISO date; today without it). */
export function getHierarchyTree(signal?: AbortSignal, at?: string) {
  return apiRequest('/api/hierarchy/tree', { query: { at }, schema: hierarchyTreeSchema, signal });
}

const path = (...parts: string[]) => `/api/hierarchy/${parts.map(encodeURIComponent).join('/')}`;

export const saveDepartment = (id: string | null, body: { name: string; parentId: string | null }) =>
  apiRequest(id ? path('departments', id) : path('departments'), {
    method: id ? 'PATCH' : 'POST',
    body,
    schema: departmentSchema,
  });

export const deleteDepartment = (id: string) => apiRequest(path('departments', id), { method: 'DELETE' });

export const savePosition = (
  id: string | null,
  body: { title: string; departmentId: string; parentId: string | null },
) =>
  apiRequest(id ? path('positions', id) : path('positions'), {
    method: id ? 'PATCH' : 'POST',
    body,
    schema: positionSchema,
  });

export const deletePosition = (id: string) => apiRequest(path('positions', id), { method: 'DELETE' });

export const closePosition = (id: string, validTo?: string) =>
  apiRequest(path('positions', id, 'close'), { method: 'POST', body: { validTo }, schema: positionSchema });

export const assignPosition = (body: {
  userId: string;
  positionId: string;
  reportsToId: string | null;
  validFrom?: string;
}) => apiRequest(path('assignments'), { method: 'POST', body, schema: positionAssignmentSchema });

export const endPositionAssignment = (id: string, validTo?: string) =>
  apiRequest(path('assignments', id, 'end'), {
    method: 'POST',
    body: { validTo },
    schema: positionAssignmentSchema,
  });

export const saveOrgRole = (id: string | null, body: { name: string; description: string }) =>
  apiRequest(id ? path('org-roles', id) : path('org-roles'), {
    method: id ? 'PATCH' : 'POST',
    body,
    schema: orgRoleSchema,
  });

export const assignOrgRole = (body: { userId: string; orgRoleId: string; validFrom?: string }) =>
  apiRequest(path('org-role-assignments'), { method: 'POST', body, schema: orgRoleAssignmentSchema });

export const endOrgRoleAssignment = (id: string, validTo?: string) =>
  apiRequest(path('org-role-assignments', id, 'end'), {
    method: 'POST',
    body: { validTo },
    schema: orgRoleAssignmentSchema,
  });

export function listOrgRoles(signal?: AbortSignal) {
  return apiRequest('/api/hierarchy/org-roles', { schema: listResponseSchema(orgRoleSchema), signal });
}

export function getManager(userId: string, signal?: AbortSignal) {
  return apiRequest(`/api/hierarchy/users/${encodeURIComponent(userId)}/manager`, {
    schema: managerSchema,
    signal,
  });
}

export function listPositionMembers(positionId: string, signal?: AbortSignal) {
  return apiRequest(`/api/hierarchy/positions/${encodeURIComponent(positionId)}/members`, {
    schema: memberListSchema,
    signal,
  });
}

export function listOrgRoleMembers(orgRoleId: string, signal?: AbortSignal, at?: string) {
  return apiRequest(`/api/hierarchy/org-roles/${encodeURIComponent(orgRoleId)}/members`, {
    query: { at },
    schema: memberListSchema,
    signal,
  });
}
