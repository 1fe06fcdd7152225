import { conditionSchema } from '@erp/shared/conditions';
import { flowEdges, flowNodes, type NewFlowNode } from '@erp/shared/documents';
import { z } from 'zod';
import type { DraftFlow } from '../draft-flow';
import type { Editor } from '../flow-gestures';

// Copied steps travel as JSON text on the system clipboard, so they paste into another flow, another tab, or
// another browser; the marker tells our JSON from anything else someone pastes.
const marker = 'erp-builder/flow-fragment@1';
const fragmentSchema = z.object({
  kind: z.literal(marker),
  nodes: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        position: z.object({ x: z.number(), y: z.number() }),
      }),
    )
    .max(500),
  // The settings an edge carries over (a copied id is dropped: the pasted edge gets its own).
  edges: z
    .array(
      z.object({
        source: z.string(),
        target: z.string(),
        label: z.string().optional(),
        priority: z.number().optional(),
        isDefault: z.boolean().optional(),
        // A draft's condition may be half-written: the edge is pasted without it rather than refused.
        condition: conditionSchema.optional().catch(undefined),
      }),
    )
    .max(2000),
});

/** The selected nodes (never the start) and the edges between them, as clipboard text. */
export function copyFragment(flow: DraftFlow, nodeIds: readonly string[]): string | null {
  const ids = new Set(nodeIds);
  const nodes = flow.nodes.filter((node) => ids.has(node.id) && node.type !== 'start');
  if (nodes.length === 0) return null;
  const kept = new Set(nodes.map((node) => node.id));
  const edges = flow.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target));
  return JSON.stringify({ kind: marker, nodes, edges });
}

/**
 * Adds a copied fragment with new ids, offset so it does not cover the original, in one transaction.
 * Returns the new node ids (to select them), or null when the text is not a fragment.
 */
export function pasteFragment(editor: Editor, text: string, offset = { x: 40, y: 40 }): string[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const fragment = fragmentSchema.safeParse(json);
  if (!fragment.success) return null;
  const { doc, origin } = editor;
  const newIds = new Map<string, string>();
  doc.transact(() => {
    for (const raw of fragment.data.nodes) {
      const { id, position, ...node } = raw;
      if (node.type === 'start') continue;
      const input = { ...node, position: { x: position.x + offset.x, y: position.y + offset.y } };
      newIds.set(id, flowNodes.add(doc, input as NewFlowNode, origin));
    }
    for (const raw of fragment.data.edges) {
      const { source, target, isDefault, ...edge } = raw;
      const from = newIds.get(source);
      const to = newIds.get(target);
      if (!from || !to) continue;
      const edgeId = flowEdges.add(doc, { ...edge, source: from, target: to }, origin);
      if (isDefault) flowNodes.setDefaultEdge(doc, from, edgeId, origin);
    }
  }, origin);
  return [...newIds.values()];
}
