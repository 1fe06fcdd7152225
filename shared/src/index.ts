export * from './api/audit';
export * from './api/auth';
export * from './api/common';
export * from './api/connections';
export * from './api/dashboards';
export * from './api/datasets';
export * from './api/documents';
export * from './api/files';
export * from './api/flows';
export * from './api/hierarchy';
export * from './api/records';
export * from './api/triggers';
export * from './api/users';
export * from './api/versions';
export * from './collab-notices';
export * from './conditions/compile';
export * from './conditions/condition.schema';
export * from './conditions/describe';
export * from './conditions/evaluate';
export * from './conditions/paths';
export * from './config';
export {
  entityIdSchema,
  machineKeySchema,
  type Option,
  optionSchema,
  orderKeySchema,
  referenceIdSchema,
} from './documents/common.schema';
export * from './documents/dataset/dataset.schema';
export * from './documents/dataset/dataset-parts.schema';
export * from './documents/dataset/system-sources';
export * from './documents/diff/changes';
export * from './documents/diff/diff';
export * from './documents/flow/flow.schema';
export * from './documents/flow/flow-nodes.schema';
export { freezeDeep, isDeepFrozen } from './documents/immutable';
export * from './documents/issues';
export * from './documents/references';
export * from './documents/schemas';
export * from './documents/table/table.schema';
export * from './documents/table/table-migration';
export * from './documents/task-form/task-form.schema';
export * from './documents/task-form/task-form-data';
export * from './documents/task-form/task-form-fields.schema';
export * from './documents/trigger/trigger.schema';
export * from './documents/trigger/trigger-actions.schema';
export * from './documents/trigger/trigger-event.schema';
export * from './draft-channel';
export * from './env';
export * from './errors';
export * from './fields/index';
export * from './ids';
export * from './integrations/providers';
export * from './jobs';
export * from './origins';
export * from './reports/index';
export * from './roles';
export * from './triggers';
