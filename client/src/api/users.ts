import { userSchema } from '@erp/shared/api/auth';
import { type CreateUserInput, type UpdateUserInput, userListSchema } from '@erp/shared/api/users';
import type { Role } from '@erp/shared/roles';
import { apiRequest } from './client';

export interface UserListQuery {
  q?: string;
  role?: Role;
  cursor?: string;
}

export function listUsers(query: UserListQuery, signal?: AbortSignal) {
  return apiRequest('/api/users', { query: { ...query }, schema: userListSchema, signal });
}

export function createUser(input: CreateUserInput) {
  return apiRequest('/api/users', { method: 'POST', body: input, schema: userSchema });
}

export function updateUser(id: string, input: UpdateUserInput) {
  return apiRequest(`/api/users/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
    schema: userSchema,
  });
}
