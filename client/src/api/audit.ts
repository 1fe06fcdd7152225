import { auditListSchema } from '@erp/shared/api/audit';
import { apiRequest } from './client';

export function listAuditEntries(query: { cursor?: string }, signal?: AbortSignal) {
  return apiRequest('/api/audit', { query, schema: auditListSchema, signal });
}
