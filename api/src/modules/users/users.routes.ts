import {
  createUserInputSchema,
  directoryListSchema,
  directoryQuerySchema,
  idParamsSchema,
  listUsersQuerySchema,
  updateUserInputSchema,
  userListSchema,
  userSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import { createUser, getUser, listDirectory, listUsers, updateUser } from './users.service';

const tag = 'Users';
const admin = { roles: ['admin'] } as const;

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/users',
    summary: 'Accounts by name; search by name or email (q), filter by role',
    tag,
    policy: admin,
    input: { query: listUsersQuerySchema },
    response: userListSchema,
    handle: async ({ deps, query }) => listUsers(deps, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/users',
    summary: 'Create an account with roles; 409 when the email is taken',
    tag,
    policy: admin,
    input: { body: createUserInputSchema },
    response: userSchema,
    status: 201,
    handle: async ({ deps, user, body }) => createUser(deps, user, body),
  }),
  // Before /api/users/:id, which would otherwise take "directory" for an id.
  defineRoute({
    method: 'get',
    path: '/api/users/directory',
    summary: 'Enabled colleagues (id, name, email) for pickers; any signed-in user',
    tag,
    policy: 'authenticated',
    input: { query: directoryQuerySchema },
    response: directoryListSchema,
    handle: async ({ deps, query }) => listDirectory(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/users/:id',
    summary: 'One account',
    tag,
    policy: admin,
    input: { params: idParamsSchema },
    response: userSchema,
    handle: async ({ deps, params }) => getUser(deps, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/users/:id',
    summary:
      'Change name or roles, disable or re-enable, reset the password (disabling or a reset ends all sessions)',
    tag,
    policy: admin,
    input: { params: idParamsSchema, body: updateUserInputSchema },
    response: userSchema,
    handle: async ({ deps, user, params, body }) => updateUser(deps, user, params.id, body),
  }),
];
