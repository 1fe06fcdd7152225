import { flowEdges, initFlow, readFlow } from '@erp/shared/documents';
import { pinnedFlow } from '@erp/shared/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DraftFlow } from '../draft-flow';
import { copyFragment, pasteFragment } from './clipboard';

const bigAmount = { type: 'comparison', left: 'amount', operator: 'gt', right: 1000 } as const;

function flowDoc() {
  const doc = new Y.Doc();
  initFlow(doc, pinnedFlow());
  return { doc, origin: { user: 'ada' } };
}
const draftOf = (doc: Y.Doc): DraftFlow => readFlow(doc);

describe('copy and paste of flow steps', () => {
  it('pastes the copied steps and the edges between them into another flow, with new ids and their settings', () => {
    const source = flowDoc();
    flowEdges.update(source.doc, 'to-gate', { label: 'Reviewed', condition: bigAmount });
    const text = copyFragment(draftOf(source.doc), ['start', 'review', 'gate']);
    expect(text).not.toBeNull();

    const target = flowDoc();
    const pasted = pasteFragment(target, text ?? '');
    expect(pasted).toHaveLength(2);
    const flow = draftOf(target.doc);
    const copies = flow.nodes.filter((node) => pasted?.includes(node.id));
    expect(copies.map((node) => node.type).sort()).toEqual(['join', 'task']);
    // Offset from the originals, so the copy does not hide them.
    const review = copies.find((node) => node.type === 'task');
    expect(review?.position).toEqual({ x: 240, y: 40 });
    expect(review?.assignment).toEqual({ type: 'managerOfRequester' });
    const edge = flow.edges.find((candidate) => pasted?.includes(candidate.source));
    expect(edge).toMatchObject({ label: 'Reviewed', condition: bigAmount });
    expect(pasted).not.toContain('review');
  });

  it('pastes an edge without a half-written condition rather than refusing, and ignores text that is not a fragment', () => {
    const source = flowDoc();
    const text = copyFragment(draftOf(source.doc), ['review', 'gate']) ?? '';
    const fragment = JSON.parse(text);
    fragment.edges[0].condition = { type: 'comparison', left: '', operator: 'no such operator' };
    const target = flowDoc();
    const before = draftOf(target.doc).edges.length;
    expect(pasteFragment(target, JSON.stringify(fragment))).toHaveLength(2);
    const added = draftOf(target.doc).edges.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]?.condition).toBeUndefined();

    for (const foreign of ['plain text', '{"kind":"something else"}', '[]']) {
      expect(pasteFragment(target, foreign)).toBeNull();
    }
  });
});
