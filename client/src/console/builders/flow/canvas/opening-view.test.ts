import type { Node, Viewport } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { DraftFlow, DraftNode } from '../draft-flow';
import { openingViewport } from './opening-view';

const size = { width: 224, height: 80 };
const canvas = { width: 1000, height: 600 };

/** `count` steps in a grid of `columns`, 280 × 160 apart; `startAt` is the start's index. */
function gridFlow(count: number, columns: number, startAt = 0) {
  const draft: DraftNode[] = Array.from({ length: count }, (_, index) => ({
    id: `n${index}`,
    type: index === startAt ? 'start' : 'task',
    name: `Step ${index}`,
    description: '',
    position: { x: (index % columns) * 280, y: Math.floor(index / columns) * 160 },
  }));
  const flow: DraftFlow = { nodes: draft, edges: [], triggers: [] };
  const nodes: Node[] = draft.map((node) => ({
    id: node.id,
    position: node.position,
    measured: size,
    data: {},
  }));
  return { flow, nodes };
}

/** The nodes wholly or partly in view. */
function inView(nodes: Node[], view: Viewport): Node[] {
  const left = -view.x / view.zoom;
  const top = -view.y / view.zoom;
  const right = left + canvas.width / view.zoom;
  const bottom = top + canvas.height / view.zoom;
  return nodes.filter(
    ({ position }) =>
      position.x + size.width > left &&
      position.x < right &&
      position.y + size.height > top &&
      position.y < bottom,
  );
}

describe('where the flow canvas opens', () => {
  it('fits a flow that stays readable when fitted', () => {
    const { flow, nodes } = gridFlow(6, 3);
    const view = openingViewport(flow, nodes, canvas);
    if (view === 'fit') throw new Error('expected a viewport');
    expect(inView(nodes, view)).toHaveLength(6);
    expect(view.zoom).toBeLessThanOrEqual(1);
  });

  it('opens a 500-step flow where it begins, readable, with only a few dozen steps in view', () => {
    const { flow, nodes } = gridFlow(500, 23);
    const view = openingViewport(flow, nodes, canvas);
    if (view === 'fit') throw new Error('expected a viewport');
    expect(view.zoom).toBe(0.75);
    const shown = inView(nodes, view).map((node) => node.id);
    expect(shown).toContain('n0');
    expect(shown.length).toBeLessThan(40);
    // The flow's left edge is near the canvas's left edge, not in the middle of an empty half.
    expect(view.x).toBeGreaterThan(0);
    expect(view.x).toBeLessThan(100);
  });

  it('centres on a start in the middle of a wide flow', () => {
    const { flow, nodes } = gridFlow(500, 50, 25);
    const view = openingViewport(flow, nodes, canvas);
    if (view === 'fit') throw new Error('expected a viewport');
    const startCentre = (25 * 280 + size.width / 2) * view.zoom + view.x;
    expect(startCentre).toBeCloseTo(canvas.width / 2);
  });

  it('leaves the fitting to React Flow while the canvas has no size', () => {
    const { flow, nodes } = gridFlow(500, 23);
    expect(openingViewport(flow, nodes, { width: 0, height: 0 })).toBe('fit');
    expect(openingViewport(flow, nodes, undefined)).toBe('fit');
  });
});
