import { listResponseSchema } from '@erp/shared/api/common';
import {
  hierarchyTreeSchema,
  managerSchema,
  memberListSchema,
  orgRoleSchema,
} from '@erp/shared/api/hierarchy';
import { apiRequest } from './client';

// Reads of the company structure the builders need (pickers, the simulator's assignment preview).
export function getHierarchyTree(signal?: AbortSignal) {
  return apiRequest('/api/hierarchy/tree', { schema: hierarchyTreeSchema, signal });
}

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

export function listOrgRoleMembers(orgRoleId: string, signal?: AbortSignal) {
  return apiRequest(`/api/hierarchy/org-roles/${encodeURIComponent(orgRoleId)}/members`, {
    schema: memberListSchema,
    signal,
  });
}
