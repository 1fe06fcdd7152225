export * from './field-settings';
export * from './field-sql';
export * from './field-types';
export * from './field-values';
