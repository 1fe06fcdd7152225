import type { Trigger } from './trigger.schema';
import type { TriggerEvent } from './trigger-event.schema';

// A trigger using every part of its schema: a fixture for tests here and in other packages.
export const flowId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c01';
export const tableId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c02';

export const events: TriggerEvent[] = [
  { type: 'task.completed', flowId, nodeId: 'approve' },
  { type: 'task.assigned', taskFormId: flowId },
  { type: 'task.overdue' },
  { type: 'flow.started', flowId },
  { type: 'flow.level_entered', flowId, nodeId: 'n1' },
  { type: 'flow.completed' },
  { type: 'record.created', tableId },
  { type: 'record.updated', tableId, fieldIds: ['amount'] },
  { type: 'record.deleted', tableId },
  { type: 'webhook.received', hookId: flowId },
  { type: 'schedule', cron: '*/15 * * * *', timezone: 'UTC' },
];

export const triggerSample: Trigger = {
  kind: 'trigger',
  schemaVersion: 1,
  name: 'Large orders',
  description: 'Tell finance and open a review.',
  enabled: true,
  event: { type: 'record.created', tableId },
  condition: { type: 'comparison', left: 'record.amount', operator: 'gte', right: 10_000 },
  actions: [
    {
      id: 'a1',
      order: 'a0',
      enabled: true,
      type: 'sendEmail',
      to: [
        { type: 'email', address: 'finance@example.com' },
        { type: 'path', path: 'record.owner' },
      ],
      subject: 'Order {{record.number}}',
      body: 'Amount: {{record.amount}}',
    },
    {
      id: 'a2',
      order: 'a1',
      enabled: true,
      type: 'startFlow',
      flowId,
      data: { amount: { type: 'path', path: 'record.amount' }, urgent: { type: 'value', value: true } },
    },
    { id: 'a3', order: 'a2', enabled: false, type: 'createRecord', tableId, values: {} },
    {
      id: 'a4',
      order: 'a3',
      enabled: true,
      type: 'updateRecord',
      tableId,
      recordId: { type: 'path', path: 'record.id' },
      values: { status: { type: 'value', value: 'review' } },
    },
    {
      id: 'a5',
      order: 'a4',
      enabled: true,
      type: 'callWebhook',
      url: 'https://erp.example.com/hooks/orders',
      method: 'POST',
      headers: { 'X-Source': 'erp' },
      body: '{"id": "{{record.id}}"}',
      secretRef: flowId,
    },
  ],
};
