export * from './backfill';
export * from './dropped-columns';
export * from './identifiers';
export * from './import';
export * from './migrate-table';
export { type ColumnValue, checkRecordValues } from './record-values';
export * from './records';
export { finishTableMigration } from './retype';
