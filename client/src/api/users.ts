import { userSchema } from '@erp/shared/api/auth';
import {
  type CreateUserInput,
  type DirectoryQuery,
  directoryListSchema,
  type ListUsersQuery,
  type UpdateUserInput,
  userListSchema,
} from '@erp/shared/api/users';
import { apiRequest } from './client';

export function listUsers(query: Partial<ListUsersQuery>, signal?: AbortSignal) {
  return apiRequest('/api/users', { query, schema: userListSchema, signal });
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

/** Enabled colleagues for pickers (any signed-in user may ask). */
export function listDirectory(query: Partial<DirectoryQuery>, signal?: AbortSignal) {
  return apiRequest('/api/users/directory', { query, schema: directoryListSchema, signal });
}
