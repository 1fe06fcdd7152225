export { createEmptyDatabase, createTestDatabase } from './database';
export { findFreePort } from './free-port';
