import { auditListSchema, auditVerificationSchema } from '@erp/shared/api/audit';
import { apiRequest } from './client';

export function listAuditEntries(query: { cursor?: string }, signal?: AbortSignal) {
  return apiRequest('/api/audit', { query, schema: auditListSchema, signal });
}

export function verifyAuditChain(signal?: AbortSignal) {
  return apiRequest('/api/audit/verify', { schema: auditVerificationSchema, signal });
}
