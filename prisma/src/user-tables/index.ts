export * from './identifiers';
export * from './migrate-table';
export * from './records';
