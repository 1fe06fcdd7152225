import type { Condition } from '../../conditions/condition.schema';
import type { Flow } from './flow.schema';
import type { Assignment } from './flow-nodes.schema';

// A flow using every part of its schema: a fixture for tests here and in other packages.
export const formId = '6f1c1f0e-8a5e-4a43-9d59-2f1f7c0f3a11';
export const userId = '0b6e4f7c-2f47-4a4f-8a57-1f1f3f0d9a22';
export const at = (x: number, y: number) => ({ name: '', description: '', position: { x, y } });
export const task = (assignment: Assignment) => ({ type: 'task', taskFormId: formId, assignment }) as const;
export const link = (id: string, source: string, target: string, extra: object = {}) => ({
  id,
  source,
  target,
  label: '',
  priority: 0,
  isDefault: false,
  ...extra,
});
export const bigAmount: Condition = { type: 'comparison', left: 'amount', operator: 'gt', right: 1000 };

export const flowSample: Flow = {
  kind: 'flow',
  schemaVersion: 1,
  description: 'Purchase approval',
  nodes: [
    { ...at(0, 0), id: 'n01', type: 'start', name: 'Request' },
    { ...at(0, 100), id: 'n02', ...task({ type: 'managerOfRequester' }), name: 'Manager approves' },
    { ...at(0, 200), id: 'n03', type: 'decision' },
    {
      ...at(0, 300),
      id: 'n04',
      ...task({ type: 'managerOfRequester', levelsUp: 2 }),
      sla: { due: 'P2D', reminderBefore: 'PT4H', escalation: 'reassignToManager' },
    },
    { ...at(0, 400), id: 'n05', type: 'parallelSplit' },
    { ...at(-100, 500), id: 'n06', ...task({ type: 'role', orgRoleId: userId }) },
    { ...at(100, 500), id: 'n07', ...task({ type: 'fieldValue', fieldKey: 'buyer' }) },
    { ...at(0, 600), id: 'n08', type: 'join', join: { mode: 'nOfM', n: 2 } },
    { ...at(0, 700), id: 'n09', type: 'end', name: 'Approved' },
    { ...at(200, 300), id: 'n10', type: 'end', name: 'Rejected' },
  ],
  edges: [
    link('e01', 'n01', 'n02'),
    link('e02', 'n02', 'n03'),
    link('e03', 'n03', 'n04', { condition: bigAmount, label: 'Over 1000' }),
    link('e04', 'n03', 'n05', { priority: 1, isDefault: true }),
    link('e05', 'n04', 'n05'),
    link('e06', 'n04', 'n10', {
      priority: 1,
      condition: { type: 'comparison', left: 'amount', operator: 'isEmpty' },
    }),
    link('e07', 'n05', 'n06'),
    link('e08', 'n05', 'n07'),
    link('e09', 'n06', 'n08'),
    link('e10', 'n07', 'n08'),
    link('e11', 'n08', 'n09'),
  ],
  triggers: [
    { id: 't1', type: 'manual' },
    { id: 't2', type: 'formSubmission', taskFormId: formId },
    { id: 't3', type: 'recordEvent', tableId: formId, events: ['created', 'updated'] },
    { id: 't4', type: 'schedule', cron: '0 8 * * MON-FRI', timezone: 'Europe/Berlin' },
    { id: 't5', type: 'webhook', hookId: userId },
  ],
};
