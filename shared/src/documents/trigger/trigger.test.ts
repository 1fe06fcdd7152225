import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateSnapshot } from '../issues';
import { expectConvergedAndValid } from '../testing/expect';
import type { Random } from '../testing/random';
import { runConvergence } from '../testing/replicas';
import {
  emptyTrigger,
  type Trigger,
  type TriggerEvent,
  triggerEventTypes,
  triggerSchema,
} from './trigger.schema';
import {
  addTriggerAction,
  getTriggerActionText,
  initTrigger,
  moveTriggerAction,
  readTrigger,
  removeTriggerAction,
  setTriggerActionMapping,
  setTriggerWebhookHeader,
  updateTrigger,
  updateTriggerAction,
} from './trigger.yjs';
import { type TriggerAction, triggerActionTypes } from './trigger-actions.schema';

const validate = (json: unknown) => validateSnapshot(triggerSchema, json);
const flowId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c01';
const tableId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c02';

const events: TriggerEvent[] = [
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

const sample: Trigger = {
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

function seeded(snapshot: Trigger = sample): Y.Doc {
  const doc = new Y.Doc();
  initTrigger(doc, snapshot);
  return doc;
}

const issuesOf = (trigger: unknown) => {
  const result = validate(trigger);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('trigger schema', () => {
  it('accepts the empty trigger, every event type and every action type', () => {
    expect(issuesOf(emptyTrigger())).toEqual([]);
    expect(validate(sample)).toEqual({ ok: true, value: sample });
    expect(events.map((event) => event.type)).toEqual([...triggerEventTypes]);
    for (const event of events) expect(issuesOf({ ...sample, event })).toEqual([]);
    expect(sample.actions.map((action) => action.type)).toEqual([...triggerActionTypes]);
  });

  it('reports what an engine could not run', () => {
    const broken = structuredClone(sample) as Trigger & { actions: Record<string, unknown>[] };
    broken.event = { type: 'flow.level_entered', nodeId: 'n1' };
    Object.assign(broken.actions[0] as object, { to: [] });
    Object.assign(broken.actions[1] as object, { data: { 'not a key': { type: 'value', value: 1 } } });
    Object.assign(broken.actions[4] as object, { url: 'file:///etc/passwd', headers: { 'X-Bad': 'a\r\nb' } });
    expect(issuesOf(broken)).toEqual([
      'event.nodeId: Choose the flow of this level.',
      'actions.a1.to: Too small: expected array to have >=1 items',
      'actions.a2.data.not a key: Invalid key in record',
      'actions.a5.url: Invalid URL',
      'actions.a5.headers.X-Bad: A header value is one line.',
    ]);
  });
});

describe('trigger binding', () => {
  it('reads back exactly the snapshot it was seeded with', () => {
    expect(readTrigger(seeded())).toEqual(sample);
    expect(readTrigger(seeded(emptyTrigger()))).toEqual(emptyTrigger());
  });

  it('gives each action the texts of its type only', () => {
    const doc = seeded();
    expect(getTriggerActionText(doc, 'a1', 'subject')?.toString()).toBe('Order {{record.number}}');
    expect(getTriggerActionText(doc, 'a2', 'body')).toBeUndefined();
    expect(getTriggerActionText(doc, 'a5', 'body')).toBeInstanceOf(Y.Text);
  });

  it('keeps mapping entries two people add concurrently, and drops a removed one', () => {
    const [left, right] = [seeded(), new Y.Doc()];
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    setTriggerActionMapping(left, 'a2', 'requester', { type: 'path', path: 'record.owner' });
    setTriggerActionMapping(right, 'a2', 'note', { type: 'value', value: 'auto' });
    setTriggerActionMapping(right, 'a2', 'urgent', undefined);
    setTriggerWebhookHeader(left, 'a5', 'X-Trace', '1');
    setTriggerWebhookHeader(right, 'a5', 'X-Source', undefined);
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const actions = (readTrigger(left) as Trigger).actions;
    expect(actions[1]).toMatchObject({
      data: {
        amount: { type: 'path', path: 'record.amount' },
        requester: { type: 'path', path: 'record.owner' },
        note: { type: 'value', value: 'auto' },
      },
    });
    expect(Object.keys((actions[1] as Extract<TriggerAction, { type: 'startFlow' }>).data)).not.toContain(
      'urgent',
    );
    expect(actions[4]).toMatchObject({ headers: { 'X-Trace': '1' } });
  });

  it('adds, edits, reorders and removes actions', () => {
    const doc = seeded(emptyTrigger());
    const mail = addTriggerAction(doc, { type: 'sendEmail', to: [{ type: 'user', userId: flowId }] });
    const hook = addTriggerAction(doc, {
      type: 'callWebhook',
      url: 'https://example.com',
      method: 'PUT',
      headers: {},
    });
    updateTriggerAction(doc, mail, { subject: 'Hello', body: 'Hi {{flow.name}}' });
    updateTriggerAction(doc, hook, { enabled: false, method: 'DELETE' });
    moveTriggerAction(doc, hook, 0);
    updateTrigger(doc, { name: 'Greeter', enabled: true, event: { type: 'flow.completed' } });
    const trigger = readTrigger(doc) as Trigger;
    expect(issuesOf(trigger)).toEqual([]);
    expect(trigger.actions.map((action) => [action.type, action.enabled])).toEqual([
      ['callWebhook', false],
      ['sendEmail', true],
    ]);
    removeTriggerAction(doc, hook);
    expect((readTrigger(doc) as Trigger).actions).toHaveLength(1);
  });
});

function addRandomAction(doc: Y.Doc, random: Random, index: number): void {
  const id = random.id();
  const type = random.pick(triggerActionTypes);
  const source = { type: 'path', path: 'record.amount' } as const;
  if (type === 'sendEmail') {
    addTriggerAction(doc, {
      id,
      index,
      type,
      to: [{ type: 'path', path: 'record.owner' }],
      subject: random.text(),
    });
  } else if (type === 'startFlow') {
    addTriggerAction(doc, { id, index, type, flowId, data: { amount: source } });
  } else if (type === 'callWebhook') {
    addTriggerAction(doc, { id, index, type, url: 'https://example.com/x', method: 'POST', headers: {} });
  } else if (type === 'updateRecord') {
    addTriggerAction(doc, { id, index, type, tableId, recordId: source, values: {} });
  } else {
    addTriggerAction(doc, { id, index, type, tableId, values: {} });
  }
}

function editTrigger(doc: Y.Doc, random: Random): void {
  const { actions } = readTrigger(doc) as Trigger;
  const action = actions.length > 0 ? random.pick(actions) : undefined;
  const key = random.pick(['amount', 'owner', 'status', 'note']);
  switch (random.int(9)) {
    case 0:
      updateTrigger(doc, random.chance(0.5) ? { name: random.text() } : { description: random.text(30) });
      return;
    case 1:
      updateTrigger(doc, { enabled: random.chance(0.5), event: random.pick(events) });
      return;
    case 2: {
      const condition = {
        type: 'comparison',
        left: 'record.amount',
        operator: 'gt',
        right: random.int(99),
      } as const;
      updateTrigger(doc, { condition: random.chance(0.7) ? condition : undefined });
      return;
    }
    case 3:
      // Well below the cap of 50 even when every replica adds at once.
      if (actions.length < 20) addRandomAction(doc, random, random.int(actions.length + 1));
      return;
    case 4:
      if (action && random.chance(0.5)) removeTriggerAction(doc, action.id);
      else if (action) moveTriggerAction(doc, action.id, random.int(actions.length + 1));
      return;
    case 5:
      if (action?.type === 'sendEmail')
        updateTriggerAction(doc, action.id, { subject: random.text(), body: random.text(30) });
      else if (action) updateTriggerAction(doc, action.id, { enabled: random.chance(0.5) });
      return;
    case 6:
      if (action)
        setTriggerActionMapping(
          doc,
          action.id,
          key,
          random.chance(0.7) ? { type: 'value', value: random.int(9) } : undefined,
        );
      return;
    case 7:
      if (action?.type === 'callWebhook') {
        setTriggerWebhookHeader(doc, action.id, `X-${key}`, random.chance(0.7) ? random.text() : undefined);
        updateTriggerAction(doc, action.id, {
          method: random.pick(['GET', 'POST'] as const),
          body: random.text(20),
        });
      }
      return;
    default:
      if (action?.type === 'sendEmail') {
        updateTriggerAction(doc, action.id, { to: [{ type: 'email', address: `${key}@example.com` }] });
      }
  }
}

describe('trigger convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid trigger (seed %i)', (seed) => {
    const docs = runConvergence({
      seed,
      replicas: 4,
      edits: 800,
      setup: (doc) => initTrigger(doc),
      edit: editTrigger,
    });
    const trigger = expectConvergedAndValid(docs, readTrigger, validate) as Trigger;
    expect(trigger.actions.length).toBeGreaterThan(0);
  });
});
