// The condition language: the tree people build, its compilation to CEL, evaluation, and its explanation.
export * from './compile';
export * from './condition.schema';
export * from './describe';
export * from './evaluate';
export * from './paths';
