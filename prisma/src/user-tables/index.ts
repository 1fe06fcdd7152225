export * from './identifiers';
export * from './migrate-table';
