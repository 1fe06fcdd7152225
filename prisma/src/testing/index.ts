export { createEmptyDatabase, createTestDatabase } from './database';
export * from './factories';
export { findFreePort } from './free-port';
