import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectConvergence, listIssues, seedDoc, syncedPair } from '../testing/documents';
import type { Random } from '../testing/random';
import { events, flowId, triggerSample as sample, tableId } from './trigger.sample';
import { emptyTrigger, type Trigger } from './trigger.schema';
import { initTrigger, readTrigger, triggerActions, updateTrigger } from './trigger.yjs';
import { type TriggerAction, triggerActionTypes } from './trigger-actions.schema';
import { triggerEventTypes } from './trigger-event.schema';

describe('trigger schema', () => {
  it('accepts every event type, and has a sample with every action type', () => {
    expect(events.map((event) => event.type)).toEqual([...triggerEventTypes]);
    for (const event of events) expect(listIssues('trigger', { ...sample, event })).toEqual([]);
    expect(sample.actions.map((action) => action.type)).toEqual([...triggerActionTypes]);
  });

  it('reports what an engine could not run', () => {
    const broken = structuredClone(sample) as Trigger & { actions: Record<string, unknown>[] };
    broken.event = { type: 'flow.level_entered', nodeId: 'n1' };
    Object.assign(broken.actions[0] as object, { to: [] });
    Object.assign(broken.actions[1] as object, { data: { 'not a key': { type: 'value', value: 1 } } });
    Object.assign(broken.actions[4] as object, { url: 'file:///etc/passwd', headers: { 'X-Bad': 'a\r\nb' } });
    expect(listIssues('trigger', broken)).toEqual([
      'event.nodeId: Choose the flow of this level.',
      'actions.a1.to: The list of recipients is empty: add at least one.',
      'actions.a2.data.not a key: Invalid key in record',
      'actions.a5.url: The URL should be a full web address such as https://example.com.',
      'actions.a5.headers.X-Bad: A header value is one line.',
    ]);
  });
});

describe('trigger binding', () => {
  it('gives each action the texts of its type only', () => {
    const doc = seedDoc('trigger', sample);
    expect(triggerActions.getText(doc, 'a1', 'subject')?.toString()).toBe('Order {{record.number}}');
    expect(triggerActions.getText(doc, 'a2', 'body')).toBeUndefined();
    expect(triggerActions.getText(doc, 'a5', 'body')).toBeInstanceOf(Y.Text);
  });

  it('keeps mapping entries two people add concurrently, and drops a removed one', () => {
    const [left, right] = syncedPair('trigger', sample);
    triggerActions.setMapping(left, 'a2', 'requester', { type: 'path', path: 'record.owner' });
    triggerActions.setMapping(right, 'a2', 'note', { type: 'value', value: 'auto' });
    triggerActions.setMapping(right, 'a2', 'urgent', undefined);
    triggerActions.setHeader(left, 'a5', 'X-Trace', '1');
    triggerActions.setHeader(right, 'a5', 'X-Source', undefined);
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    const actions = readTrigger(left).actions;
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
    const doc = seedDoc('trigger', emptyTrigger());
    const mail = triggerActions.add(doc, { type: 'sendEmail', to: [{ type: 'user', userId: flowId }] });
    const hook = triggerActions.add(doc, { type: 'callWebhook', url: 'https://example.com', method: 'PUT' });
    const start = triggerActions.add(doc, { type: 'startFlow', flowId });
    triggerActions.setHeader(doc, hook, 'X-Key', 'k');
    triggerActions.setMapping(doc, start, 'greeting', { type: 'value', value: 'hi' });
    triggerActions.update(doc, mail, { subject: 'Hello', body: 'Hi {{flow.name}}' });
    triggerActions.update(doc, hook, { enabled: false, method: 'DELETE' });
    triggerActions.move(doc, hook, 0);
    updateTrigger(doc, { name: 'Greeter', enabled: true, event: { type: 'flow.completed' } });
    const trigger = readTrigger(doc);
    expect(listIssues('trigger', trigger)).toEqual([]);
    expect(trigger.actions.map((action) => [action.type, action.enabled])).toEqual([
      ['callWebhook', false],
      ['sendEmail', true],
      ['startFlow', true],
    ]);
    expect(trigger.actions[0]).toMatchObject({ headers: { 'X-Key': 'k' } });
    expect(trigger.actions[2]).toMatchObject({ data: { greeting: { type: 'value', value: 'hi' } } });
    triggerActions.remove(doc, hook);
    expect(readTrigger(doc).actions).toHaveLength(2);
  });
});

function addRandomAction(doc: Y.Doc, random: Random, index: number): void {
  const id = random.id();
  const type = random.pick(triggerActionTypes);
  const source = { type: 'path', path: 'record.amount' } as const;
  if (type === 'sendEmail') {
    triggerActions.add(doc, {
      id,
      index,
      type,
      to: [{ type: 'path', path: 'record.owner' }],
      subject: random.text(),
    });
  } else if (type === 'startFlow') {
    triggerActions.add(doc, { id, index, type, flowId, data: { amount: source } });
  } else if (type === 'callWebhook') {
    triggerActions.add(doc, { id, index, type, url: 'https://example.com/x', method: 'POST', headers: {} });
  } else if (type === 'updateRecord') {
    triggerActions.add(doc, { id, index, type, tableId, recordId: source, values: {} });
  } else if (type === 'gmailSend') {
    triggerActions.add(doc, {
      id,
      index,
      type,
      connectionId: flowId,
      to: [{ type: 'path', path: 'record.owner' }],
      subject: random.text(),
      inReplyTo: '',
    });
  } else if (type === 'outlookSend') {
    triggerActions.add(doc, {
      id,
      index,
      type,
      connectionId: flowId,
      to: [{ type: 'path', path: 'record.owner' }],
      subject: random.text(),
    });
  } else if (type === 'sheetsAppendRow') {
    triggerActions.add(doc, {
      id,
      index,
      type,
      connectionId: flowId,
      spreadsheetId: 'sheet-0123456789',
      sheet: 'S',
      values: {},
    });
  } else if (type === 'sheetsUpdateRows') {
    const sheet = { connectionId: flowId, spreadsheetId: 'sheet-0123456789', sheet: 'S', values: {} };
    triggerActions.add(doc, { id, index, type, ...sheet, matchColumn: 'Order', matchValue: source });
  } else if (type === 'sendReport') {
    triggerActions.add(doc, {
      id,
      index,
      type,
      datasetId: tableId,
      params: { region: 'north' },
      attachCsv: true,
      to: [{ type: 'path', path: 'record.owner' }],
      subject: random.text(),
    });
  } else {
    triggerActions.add(doc, { id, index, type, tableId, values: {} });
  }
}

function editTrigger(doc: Y.Doc, random: Random): void {
  const { actions } = readTrigger(doc);
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
      if (action && random.chance(0.5)) triggerActions.remove(doc, action.id);
      else if (action) triggerActions.move(doc, action.id, random.int(actions.length + 1));
      return;
    case 5:
      if (action?.type === 'sendEmail')
        triggerActions.update(doc, action.id, { subject: random.text(), body: random.text(30) });
      else if (action) triggerActions.update(doc, action.id, { enabled: random.chance(0.5) });
      return;
    case 6:
      if (action)
        triggerActions.setMapping(
          doc,
          action.id,
          key,
          random.chance(0.7) ? { type: 'value', value: random.int(9) } : undefined,
        );
      return;
    case 7:
      if (action?.type === 'callWebhook') {
        triggerActions.setHeader(doc, action.id, `X-${key}`, random.chance(0.7) ? random.text() : undefined);
        triggerActions.update(doc, action.id, {
          method: random.pick(['GET', 'POST'] as const),
          body: random.text(20),
        });
      }
      return;
    default:
      if (action?.type === 'sendEmail') {
        triggerActions.update(doc, action.id, { to: [{ type: 'email', address: `${key}@example.com` }] });
      }
  }
}

describe('trigger convergence', () => {
  it.each([1, 2, 3])('concurrent random edits converge to one valid trigger (seed %i)', (seed) => {
    const trigger = expectConvergence('trigger', {
      seed,
      setup: (doc) => initTrigger(doc),
      edit: editTrigger,
    });
    expect(trigger.actions.length).toBeGreaterThan(0);
  });
});
