import { auditListSchema, auditVerificationSchema, type ListAuditQuery } from '@erp/shared/api/audit';
import { apiRequest } from './client';

// The server fills in what is left out (its page size).
export function listAuditEntries(query: Partial<ListAuditQuery>, signal?: AbortSignal) {
  return apiRequest('/api/audit', { query, schema: auditListSchema, signal });
}

export function verifyAuditChain(signal?: AbortSignal) {
  return apiRequest('/api/audit/verify', { schema: auditVerificationSchema, signal });
}
