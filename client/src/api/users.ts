import { userSchema } from '@erp/shared/api/auth';
import {
  type CreateUserInput,
  type DirectoryQuery,
  directoryListSchema,
  type ListUsersQuery,
  type Person,
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
export function listDirectory(query: Partial<Omit<DirectoryQuery, 'ids'>>, signal?: AbortSignal) {
  return apiRequest('/api/users/directory', { query, schema: directoryListSchema, signal });
}

/** The enabled colleagues among these ids (at most 100), to name people a form or a record holds. */
export async function findPeople(ids: string[], signal?: AbortSignal): Promise<Person[]> {
  if (ids.length === 0) return [];
  const page = await apiRequest('/api/users/directory', {
    query: { ids: ids.slice(0, 100).join(','), limit: 100 },
    schema: directoryListSchema,
    signal,
  });
  return page.items;
}
