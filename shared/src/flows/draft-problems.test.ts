import { describe, expect, it } from 'vitest';
import { flowSample, formId } from '../documents/flow/flow.sample';
import { readDraftGraph } from './draft';
import { type FormFacts, listFlowProblems } from './draft-problems';

const formsWith = (keys: string[] | undefined, published?: boolean): FormFacts => ({
  fieldKeys: () => keys,
  ...(published === undefined ? {} : { isFormPublished: () => published }),
});
const codes = (json: unknown, forms: FormFacts) =>
  listFlowProblems(readDraftGraph(json), forms).map((problem) => `${problem.entity.id}: ${problem.code}`);

describe('draft problems', () => {
  it('finds nothing wrong with the sample when its form has the fields the conditions read', () => {
    expect(codes(flowSample, formsWith(['amount', 'buyer']))).toEqual([]);
  });

  it('reads a half-done draft leniently: bad parts are left out, not fatal', () => {
    const graph = readDraftGraph({
      nodes: [
        { id: 'a', type: 'task', taskFormId: 'not-a-uuid', assignment: { type: 'person' } },
        { id: 'b' },
        7,
      ],
      edges: [{ id: 'e', source: 'a', target: 'a', condition: { type: 'nonsense' } }, null],
      triggers: [{ type: 'formSubmission', taskFormId: formId }],
    });
    expect(graph).toEqual({
      nodes: [{ id: 'a', type: 'task' }],
      edges: [{ id: 'e', source: 'a', target: 'a', priority: 0, isDefault: false }],
      requestFormIds: [formId],
    });
    expect(readDraftGraph(null)).toEqual({ nodes: [], edges: [], requestFormIds: [] });
  });

  it('flags unreachable levels, dead ends, decisions without a default, levels without form or assignee', () => {
    const draft = structuredClone(flowSample) as unknown as {
      nodes: Record<string, unknown>[];
      edges: Record<string, unknown>[];
    };
    draft.edges = draft.edges.filter((edge) => !['e01', 'e11'].includes(edge.id as string));
    draft.edges = draft.edges.map((edge) => (edge.id === 'e04' ? { ...edge, isDefault: false } : edge));
    draft.nodes.push({ id: 'n11', type: 'task', name: '' });
    expect(codes(draft, formsWith(['amount', 'buyer']))).toEqual([
      'n01: deadEnd',
      'n02: unreachable',
      'n03: unreachable',
      'n03: noDefaultEdge',
      'n04: unreachable',
      'n05: unreachable',
      'n06: unreachable',
      'n07: unreachable',
      'n08: unreachable',
      'n08: deadEnd',
      'n09: unreachable',
      'n10: unreachable',
      'n11: unreachable',
      'n11: deadEnd',
      'n11: levelWithoutForm',
      'n11: levelWithoutAssignment',
    ]);
  });

  it('flags joins whose branches do not match', () => {
    const oneBranch = structuredClone(flowSample);
    oneBranch.edges = oneBranch.edges.filter((edge) => edge.id !== 'e10');
    expect(codes(oneBranch, formsWith(['amount', 'buyer']))).toContain('n08: joinMismatch');
    const noSplit = structuredClone(flowSample);
    noSplit.nodes = noSplit.nodes.map((node) => (node.id === 'n05' ? { ...node, type: 'decision' } : node));
    const problems = listFlowProblems(readDraftGraph(noSplit), formsWith(['amount', 'buyer']));
    expect(problems.find((problem) => problem.entity.id === 'n08')?.message).toBe(
      'No parallel split comes before this join.',
    );
    const tooMany = structuredClone(flowSample);
    tooMany.nodes = tooMany.nodes.map((node) =>
      node.type === 'join' ? { ...node, join: { mode: 'nOfM', n: 3 } } : node,
    );
    expect(listFlowProblems(readDraftGraph(tooMany), formsWith(['amount', 'buyer']))).toContainEqual({
      code: 'joinMismatch',
      message: 'It waits for 3 branches but only 2 lead here.',
      entity: { type: 'node', id: 'n08' },
    });
  });

  it('flags a condition on a field no earlier form has, and stays quiet while forms are unknown', () => {
    expect(codes(flowSample, formsWith(['buyer']))).toEqual(['e03: unknownField', 'e06: unknownField']);
    expect(codes(flowSample, formsWith(undefined))).toEqual([]);
  });

  it('flags an unpublished form only when the publish seam knows', () => {
    const levels = flowSample.nodes
      .filter((node) => node.type === 'task')
      .map((node) => `${node.id}: formNotPublished`);
    expect(codes(flowSample, formsWith(['amount', 'buyer'], false))).toEqual(levels);
    expect(codes(flowSample, formsWith(['amount', 'buyer'], true))).toEqual([]);
  });
});
