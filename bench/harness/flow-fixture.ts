// INTERIM: task-form helpers stand in until shared/src/documents/flow lands.
import {
  addTaskFormField,
  initTaskForm,
  updateTaskFormField,
} from '@erp/shared/documents/task-form/task-form.yjs';
import type * as Y from 'yjs';

export interface FlowSize {
  nodes: number;
  edges: number;
  /** Edits in total, the nodes and edges included (each its own transaction). */
  edits: number;
}

export function buildFlow(doc: Y.Doc, size: FlowSize): { edits: number; probeId: string } {
  initTaskForm(doc);
  const ids: string[] = [];
  let edits = 1;
  for (let index = 0; index < size.nodes; index++) {
    ids.push(addTaskFormField(doc, { type: 'text', key: `field${index}`, label: `Field ${index}` }));
    edits++;
  }
  while (edits < size.edits) {
    const id = ids[edits % ids.length] as string;
    updateTaskFormField(doc, id, { label: `Field ${edits}` });
    edits++;
  }
  return { edits, probeId: ids[0] as string };
}

export function dragProbe(doc: Y.Doc, probeId: string, seq: number): void {
  updateTaskFormField(doc, probeId, { key: `probe${seq}` });
}

export function readProbe(doc: Y.Doc, probeId: string): number | null {
  const key = doc.getMap<Y.Map<unknown>>('fields').get(probeId)?.get('key');
  return typeof key === 'string' && key.startsWith('probe') ? Number(key.slice(5)) : null;
}
