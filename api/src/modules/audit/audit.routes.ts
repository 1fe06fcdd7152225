import { auditListSchema, auditVerificationSchema, listAuditQuerySchema } from '@erp/shared';
import { defineRoute } from '../../http/route';
import { listAuditEntries, verifyAuditChain } from './audit.service';

const tag = 'Audit';
const admin = { roles: ['admin'] } as const;

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/audit',
    summary:
      'The audit log, newest first, targets named; filter by action, targetType, targetId and actorId, search with q',
    tag,
    policy: admin,
    input: { query: listAuditQuerySchema },
    response: auditListSchema,
    handle: async ({ deps, query }) => listAuditEntries(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/audit/verify',
    summary: 'Check the hash chain of the whole log: {ok, count}, or the first row where it breaks',
    tag,
    policy: admin,
    response: auditVerificationSchema,
    handle: async ({ deps }) => verifyAuditChain(deps),
  }),
];
