import { explainCondition } from '../conditions/describe';
import type { EdgeTrial, FlowGraph } from './flow-state';

type GraphEdge = FlowGraph['edges'][number];

/**
 * [S4] Which of a node's outgoing edges are taken. Edges are tried by priority (lower first, then by id); an
 * edge without a condition always holds. `first` (every node but a split) takes the first that holds; `all`
 * (a parallel split) takes every one that holds. The default edge is taken only when no other edge is.
 */
export function chooseEdges(
  outgoing: GraphEdge[],
  data: Record<string, unknown>,
  mode: 'first' | 'all',
): { taken: GraphEdge[]; trials: EdgeTrial[] } {
  const ordered = outgoing
    .filter((edge) => !edge.isDefault)
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  const taken: GraphEdge[] = [];
  const trials: EdgeTrial[] = [];
  for (const edge of ordered) {
    if (mode === 'first' && taken.length > 0) {
      trials.push({
        edgeId: edge.id,
        outcome: 'skipped',
        because: edge.condition ? 'condition' : 'noCondition',
      });
      continue;
    }
    const explanation = edge.condition ? explainCondition(edge.condition, data) : undefined;
    const holds = explanation?.result ?? true;
    if (holds) taken.push(edge);
    trials.push({
      edgeId: edge.id,
      outcome: holds ? 'taken' : 'notTaken',
      because: explanation ? 'condition' : 'noCondition',
      ...(explanation ? { explanation } : {}),
    });
  }
  const fallback = outgoing.find((edge) => edge.isDefault);
  if (fallback) {
    trials.push({
      edgeId: fallback.id,
      outcome: taken.length === 0 ? 'taken' : 'skipped',
      because: 'default',
    });
    if (taken.length === 0) taken.push(fallback);
  }
  return { taken, trials };
}
