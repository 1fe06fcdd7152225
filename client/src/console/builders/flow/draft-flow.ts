import type { FlowEdge, FlowNode } from '@erp/shared/documents';

// The draft as `readFlow` returns it: the published shape, except that a level may lack its form or rule yet.
export type DraftNode = Omit<FlowNode, 'type'> & {
  type: FlowNode['type'];
  taskFormId?: string;
  assignment?: Extract<FlowNode, { type: 'task' }>['assignment'];
  sla?: Extract<FlowNode, { type: 'task' }>['sla'];
  allowSendBack?: boolean;
  startedBy?: Extract<FlowNode, { type: 'start' }>['startedBy'];
  join?: Extract<FlowNode, { type: 'join' }>['join'];
};
export type DraftEdge = FlowEdge;
export interface DraftFlow {
  nodes: DraftNode[];
  edges: DraftEdge[];
  triggers: { id: string; type: string; taskFormId?: string }[];
}

/** How the canvas marks an entity: a version diff's change, or a step of the simulated path. */
export type Highlight = 'added' | 'removed' | 'changed' | 'path' | 'current';
