import { randomUUID } from 'node:crypto';
import { type APIRequestContext, expect } from '@playwright/test';

/**
 * A published one-form flow that starts from a form with a required `amount` (started through the API, it ends
 * at once): what trigger specs react to. Names are unique, the installation being shared.
 */
export async function publishAmountFlow(api: APIRequestContext, names: { form: string; flow: string }) {
  const publish = async (kind: string, name: string, content: object) => {
    const created = await api.post('/api/documents', { data: { kind, name, content } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await api.post(`/api/documents/${id}/publish`, { data: { message: 'v1' } })).status()).toBe(201);
    return id;
  };
  const formId = await publish('taskForm', names.form, {
    kind: 'taskForm',
    schemaVersion: 1,
    title: names.form,
    description: '',
    fields: [
      {
        id: 'amount',
        order: 'a0',
        key: 'amount',
        type: 'number',
        label: 'Amount',
        helpText: '',
        required: true,
      },
    ],
  });
  const flowName = `${names.flow} ${randomUUID().slice(0, 8)}`;
  const flowId = await publish('flow', flowName, {
    kind: 'flow',
    schemaVersion: 1,
    description: '',
    nodes: [
      { id: 'start', type: 'start', name: '', description: '', position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', name: '', description: '', position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'end', label: '', priority: 0, isDefault: false }],
    triggers: [{ id: 't1', type: 'formSubmission', taskFormId: formId }],
  });
  return { flowId, flowName };
}
