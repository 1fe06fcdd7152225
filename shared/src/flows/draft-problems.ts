import { listConditionPaths } from '../conditions/paths';
import type { DraftFlowGraph } from './draft';

export const flowProblemCodes = [
  'unreachable',
  'deadEnd',
  'noDefaultEdge',
  'joinMismatch',
  'levelWithoutForm',
  'levelWithoutAssignment',
  'formNotPublished',
  'unknownField',
] as const;
export type FlowProblemCode = (typeof flowProblemCodes)[number];

export interface FlowProblem {
  code: FlowProblemCode;
  message: string;
  entity: { type: 'node' | 'edge'; id: string };
}

/**
 * What the builder needs to know about forms. Both answer `undefined` when they do not know (yet), and the
 * check that depends on them stays quiet instead of guessing. `isFormPublished` is the seam for the publish
 * work: until it exists, leave it out.
 */
export interface FormFacts {
  fieldKeys(formId: string): readonly string[] | undefined;
  isFormPublished?(formId: string): boolean | undefined;
}

/** Problems of a draft flow, shown while people work; none of them blocks editing. Order: by node, then edge. */
export function listFlowProblems(graph: DraftFlowGraph, forms: FormFacts): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const nodeProblem = (id: string, code: FlowProblemCode, message: string) =>
    problems.push({ code, message, entity: { type: 'node', id } });
  const outgoing = (id: string) => graph.edges.filter((edge) => edge.source === id);
  const incoming = (id: string) => graph.edges.filter((edge) => edge.target === id);
  const start = graph.nodes.find((node) => node.type === 'start');
  const reachable = reach(start ? [start.id] : [], (id) => outgoing(id).map((edge) => edge.target));

  for (const node of graph.nodes) {
    if (node.type !== 'start' && !reachable.has(node.id)) {
      nodeProblem(node.id, 'unreachable', 'Nothing leads here from the start.');
    }
    if (node.type !== 'end' && outgoing(node.id).length === 0) {
      nodeProblem(node.id, 'deadEnd', 'Nothing leaves this step: connect it to the next one or to an end.');
    }
    if (
      node.type === 'decision' &&
      outgoing(node.id).length > 0 &&
      !outgoing(node.id).some((edge) => edge.isDefault)
    ) {
      nodeProblem(
        node.id,
        'noDefaultEdge',
        'Mark one outgoing edge as the default, taken when no condition holds.',
      );
    }
    if (node.type === 'join') {
      const upstream = reach([node.id], (id) => incoming(id).map((edge) => edge.source));
      const count = incoming(node.id).length;
      if (count < 2) nodeProblem(node.id, 'joinMismatch', 'A join needs two or more incoming branches.');
      else if (!graph.nodes.some((other) => other.type === 'parallelSplit' && upstream.has(other.id))) {
        nodeProblem(node.id, 'joinMismatch', 'No parallel split comes before this join.');
      } else if (node.join?.mode === 'nOfM' && node.join.n > count) {
        nodeProblem(
          node.id,
          'joinMismatch',
          `It waits for ${node.join.n} branches but only ${count} lead here.`,
        );
      }
    }
    if (node.type === 'task') {
      if (!node.taskFormId) nodeProblem(node.id, 'levelWithoutForm', 'Pick the task form this level shows.');
      else if (forms.isFormPublished?.(node.taskFormId) === false) {
        nodeProblem(node.id, 'formNotPublished', 'Its task form has no published version yet.');
      }
      if (!node.assignment) nodeProblem(node.id, 'levelWithoutAssignment', 'Choose who gets this task.');
    }
  }
  for (const edge of graph.edges) {
    if (!edge.condition) continue;
    const known = knownFieldsBefore(graph, edge.source, forms);
    if (!known) continue;
    for (const path of new Set(listConditionPaths(edge.condition))) {
      const root = path.split('.')[0] ?? path;
      if (!known.has(root)) {
        problems.push({
          code: 'unknownField',
          message: `No earlier form has a field “${root}”.`,
          entity: { type: 'edge', id: edge.id },
        });
      }
    }
  }
  return problems;
}

/** The forms filled in before an edge leaving `nodeId` is tried: the request forms, then every level upstream. */
export function formsBefore(graph: DraftFlowGraph, nodeId: string): string[] {
  const upstream = reach([nodeId], (id) =>
    graph.edges.filter((edge) => edge.target === id).map((edge) => edge.source),
  );
  const levels = graph.nodes.flatMap((node) =>
    upstream.has(node.id) && node.taskFormId ? [node.taskFormId] : [],
  );
  return [...new Set([...graph.requestFormIds, ...levels])];
}

// Undefined when a form's fields are unknown: then nothing is flagged.
function knownFieldsBefore(graph: DraftFlowGraph, nodeId: string, forms: FormFacts): Set<string> | undefined {
  const known = new Set<string>();
  for (const formId of formsBefore(graph, nodeId)) {
    const keys = forms.fieldKeys(formId);
    if (!keys) return undefined;
    for (const key of keys) known.add(key);
  }
  return known;
}

function reach(from: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set(from);
  const pending = [...from];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const target of next(id)) {
      if (!seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return seen;
}
