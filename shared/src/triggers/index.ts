// Pure helpers of triggers, shared by the engine (runs), the api (the tester) and the console (builder).

export * from './render-actions';
export * from './rich-text';
export * from './template';
export * from './trigger-events';
