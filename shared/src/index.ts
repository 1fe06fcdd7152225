export * from './api/auth';
export * from './api/common';
export * from './api/documents';
export * from './api/hierarchy';
export * from './api/users';
export * from './errors';
export * from './ids';
export * from './roles';
