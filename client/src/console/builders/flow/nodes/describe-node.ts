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

/** Who a level's task goes to, by the kind of rule. */
export function describeAssignment(assignment: Assignment): string {
  if (assignment.type === 'managerOfRequester' && (assignment.levelsUp ?? 1) > 1) {
    return `Manager of the requester, ${assignment.levelsUp} levels up`;
  }
  return assignmentLabels[assignment.type];
}

/** The line under a node's name on the canvas. */
export function describeNode(node: DraftNode): string {
  if (node.type === 'task')
    return node.assignment ? describeAssignment(node.assignment) : 'Nobody assigned yet';
  if (node.type === 'join' && node.join) {
    return node.join.mode === 'nOfM' ? `Waits for ${node.join.n} branches` : joinLabels[node.join.mode];
  }
  return '';
}
