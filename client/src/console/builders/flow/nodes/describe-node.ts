import type { Assignment, Join } from '@erp/shared/documents';
import type { DraftNode } from '../draft-flow';

export const assignmentLabels = {
  person: 'A person',
  role: 'A company role',
  position: 'A position',
  fieldValue: 'The person in a field',
  managerOfRequester: 'Manager of the requester',
  managerOfPreviousAssignee: 'Manager of the previous assignee',
} satisfies Record<Assignment['type'], string>;

export const joinLabels = {
  all: 'Waits for all branches',
  any: 'Goes on after any branch',
  nOfM: 'Waits for n branches',
} satisfies Record<Join['mode'], string>;

/** The line under a node's name on the canvas. */
export function describeNode(node: DraftNode): string {
  if (node.type === 'task') {
    if (!node.assignment) return 'Nobody assigned yet';
    if (node.assignment.type === 'managerOfRequester' && (node.assignment.levelsUp ?? 1) > 1) {
      return `Manager of the requester, ${node.assignment.levelsUp} levels up`;
    }
    return assignmentLabels[node.assignment.type];
  }
  if (node.type === 'join' && node.join) {
    return node.join.mode === 'nOfM' ? `Waits for ${node.join.n} branches` : joinLabels[node.join.mode];
  }
  return '';
}
