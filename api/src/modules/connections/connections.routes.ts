import {
  connectCallbackQuerySchema,
  connectInputSchema,
  connectionListSchema,
  connectStartSchema,
  documentWriterRoles,
  idParamsSchema,
} from '@erp/shared';
import { defineRoute } from '../../http/route';
import {
  callbackPath,
  completeConnection,
  disconnect,
  listConnections,
  reconnect,
  startConnection,
} from './connections.service';

const tag = 'Connections';
// Connections act as a company account in every trigger that uses them: the people who build triggers manage them.
const writers = { roles: documentWriterRoles };

export const connectionRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/connections',
    summary:
      'Connected Google and Microsoft accounts: provider, account, scopes, status, last error (never tokens)',
    tag,
    policy: writers,
    response: connectionListSchema,
    handle: async ({ deps }) => listConnections(deps),
  }),
  defineRoute({
    method: 'post',
    path: '/api/connections',
    summary: "Start connecting an account: answers the provider's consent page to send the browser to",
    tag,
    policy: writers,
    input: { body: connectInputSchema },
    response: connectStartSchema,
    status: 201,
    handle: async ({ deps, user, req, body }) => startConnection(deps, user, req, body),
  }),
  defineRoute({
    method: 'get',
    path: callbackPath,
    summary: 'The OAuth redirect URL: exchanges the code, then sends the browser to the connections page',
    tag,
    policy: writers,
    input: { query: connectCallbackQuerySchema },
    handle: async ({ deps, user, req, res }) => {
      res.redirect(303, await completeConnection(deps, user, req));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/connections/:id/reconnect',
    summary: 'Sign in to the same account again (after a revoked or expired grant), with the same scopes',
    tag,
    policy: writers,
    input: { params: idParamsSchema },
    response: connectStartSchema,
    handle: async ({ deps, user, req, params }) => reconnect(deps, user, req, params.id),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/connections/:id',
    summary: 'Disconnect: the grant is revoked at the provider where it can be, and the tokens deleted',
    tag,
    policy: writers,
    input: { params: idParamsSchema },
    handle: async ({ deps, user, params }) => disconnect(deps, user, params.id),
  }),
];
