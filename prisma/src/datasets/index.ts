export * from './dataset-filter';
export * from './dataset-load';
export * from './dataset-sources';
export * from './dataset-sql';
