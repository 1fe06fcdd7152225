export * from './chart-svg';
export * from './csv';
export * from './report-format';
