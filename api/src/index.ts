export { createApp } from './app';
export { type ApiConfig, loadApiConfig } from './config';
export type { AppDeps } from './deps';
export { createApiServer } from './http/server';
export { clientDistDir, serveSpa } from './http/spa';
export { createJobQueue, type JobQueue } from './jobs';
export { keyLegacyAuditChain } from './modules/audit/audit.service';
// The inbox's statement, for P8's bench (the same SQL run by a raw endpoint, beside the portal API).
export { inboxStatement } from './modules/flows/tasks.service';
// The records list's SQL, for P11's bench (the query the records API runs, beside plain SQL).
export { buildListQuery } from './modules/records/record-query';
