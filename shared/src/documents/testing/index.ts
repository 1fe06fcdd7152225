// Test-only helpers for other packages (`@erp/shared/testing`): seeded randomness and random flow edits.

export { tableSample } from '../table/table.sample';
export { linkFieldSample, taskFormSample } from '../task-form/task-form.sample';
export { editFlowRandomly, pinnedFlow } from './flow-edits';
export { Random } from './random';
