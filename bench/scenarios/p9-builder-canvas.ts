// P9 builder canvas: a 500-node / 600-edge flow opened in the flow builder in headless Chromium. First render
// is the builder's own User Timing measure (from its first render until the fitted view is drawn and painted);
// drag frames are the intervals between animation frames while a node is dragged across the canvas; remote
// drag is the time from a pointer move in one browser context until the dragged node moved in another's DOM.
import { sessionCookieName } from '@erp/prisma';
import type { Page } from '@playwright/test';
import { launchChromium } from '../harness/browser';
import { startCpuWindow } from '../harness/cpu';
import { startProductServer } from '../harness/product';
import { defineScenario } from '../harness/scenario';
import { summarize } from '../harness/stats';

const sizes = {
  smoke: { nodes: 20, edges: 24, loads: 1, dragSteps: 10 },
  full: { nodes: 500, edges: 600, loads: 5, dragSteps: 120 },
};

const formId = '6f1c1f0e-8a5e-4a43-9d59-2f1f7c0f3a11';

/**
 * The node both drags move: a task in the second row and column, in the view a large flow opens with (where it
 * begins, at a readable zoom), so that a drag of a third of the canvas stays clear of the canvas's edges (where
 * React Flow would pan the canvas along). A small flow opens fitted, which shows it too.
 */
function draggedNodeOf(nodeCount: number): string {
  const columns = Math.ceil(Math.sqrt(nodeCount));
  return `n${columns + 1}`;
}

/** A valid flow: start, a chain of levels and decisions in a grid, extra forward edges, an end. */
export function benchFlow(nodeCount: number, edgeCount: number) {
  const columns = Math.ceil(Math.sqrt(nodeCount));
  const at = (index: number) => ({ x: (index % columns) * 280, y: Math.floor(index / columns) * 160 });
  const nodes = Array.from({ length: nodeCount }, (_, index) => {
    const base = { id: `n${index}`, name: `Step ${index}`, description: '', position: at(index) };
    if (index === 0) return { ...base, type: 'start' as const };
    if (index === nodeCount - 1) return { ...base, type: 'end' as const };
    if (index % 5 === 0) return { ...base, type: 'decision' as const };
    return {
      ...base,
      type: 'task' as const,
      taskFormId: formId,
      assignment: { type: 'managerOfRequester' as const },
    };
  });
  const edge = (source: number, target: number, priority: number) => ({
    id: `e${source}-${target}`,
    source: `n${source}`,
    target: `n${target}`,
    label: '',
    priority,
    isDefault: false,
  });
  const edges = Array.from({ length: nodeCount - 1 }, (_, index) => edge(index, index + 1, 0));
  for (let source = 1; edges.length < edgeCount; source = (source % (nodeCount - 3)) + 1) {
    const target = source + 2 + (edges.length % 3);
    if (target < nodeCount && !edges.some((other) => other.id === `e${source}-${target}`))
      edges.push(edge(source, target, 1));
  }
  return {
    kind: 'flow',
    schemaVersion: 1,
    description: 'P9 bench flow',
    nodes,
    edges,
    triggers: [{ id: 'manual', type: 'manual' }],
  };
}

export const builderCanvas = defineScenario({
  id: 'P9',
  name: 'builder-canvas',
  title: 'builder canvas',
  target: 'first render ≤ 300 ms, drag frames p95 ≤ 18 ms, remote drag p95 ≤ 50 ms',
  sizes,
  async measure({ settings, db, log, report }) {
    const server = await startProductServer(db.url);
    const browser = await launchChromium();
    try {
      const { id } = await server.api<{ id: string }>('POST', '/api/documents', {
        kind: 'flow',
        name: 'P9 canvas',
        content: benchFlow(settings.nodes, settings.edges),
      });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addCookies([{ name: sessionCookieName, value: server.token, url: server.url }]);
      // tsx compiles this file keeping function names through an `__name` helper, which the functions given to
      // page.evaluate carry into the page: define it there as the identity.
      await context.addInitScript('globalThis.__name = (target) => target;');
      const firstRenders: number[] = [];
      const window = startCpuWindow({ server: server.pid, 'harness + Chromium': process.pid });
      let page: Page | undefined;
      for (let load = 0; load < settings.loads; load++) {
        log(`open the ${settings.nodes}-node flow (${load + 1}/${settings.loads})`);
        await page?.close();
        page = await context.newPage();
        await page.goto(`${server.url}/console/flows/${id}`);
        firstRenders.push(await waitForFirstRender(page));
      }
      const drawn = await page?.evaluate(
        () => (performance.getEntriesByName('flow-canvas:first-render')[0] as PerformanceMeasure).detail,
      );
      report.note(`the first view drew ${drawn?.nodes} nodes and ${drawn?.edges} edges`);
      report.cpu('builder loads', window.stop());
      const render = report.sample(summarize('ours: first render of the canvas', 'ms', firstRenders));
      report.figure({
        key: 'first-render',
        label: `first render, ${settings.nodes} nodes / ${settings.edges} edges (p50)`,
        unit: 'ms',
        ours: render.p50,
        target: '≤ 300 ms',
        meets: (ms) => ms <= 300,
      });

      if (!page) throw new Error('no page');
      log('drag a node');
      const dragWindow = startCpuWindow({ server: server.pid, 'harness + Chromium': process.pid });
      const draggedNode = draggedNodeOf(settings.nodes);
      const frames = await dragFrames(page, draggedNode, settings.dragSteps);
      const dragCpu = dragWindow.stop();
      report.cpu('drag', dragCpu);
      const drag = report.sample(summarize('ours: frame interval while dragging', 'ms', frames));
      report.figure({
        key: 'drag-frames',
        label: 'drag frame interval p95',
        unit: 'ms',
        ours: drag.p95,
        target: '≤ 18 ms',
        meets: (ms) => ms <= 18,
      });
      // CPU per step holds still on a busy machine where frame intervals do not.
      const browserCpu = dragCpu.processes.find((entry) => entry.role === 'harness + Chromium')?.cpuMs ?? 0;
      report.note(`harness + Chromium CPU per drag step: ${(browserCpu / settings.dragSteps).toFixed(1)} ms`);

      log('drag a node while a colleague watches in another browser context');
      const colleagueContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await colleagueContext.addCookies([{ name: sessionCookieName, value: server.token, url: server.url }]);
      await colleagueContext.addInitScript('globalThis.__name = (target) => target;');
      const colleague = await colleagueContext.newPage();
      await colleague.goto(`${server.url}/console/flows/${id}`);
      await waitForFirstRender(colleague);
      const remoteWindow = startCpuWindow({ server: server.pid, 'harness + Chromium': process.pid });
      const latencies = await remoteDragLatencies(page, colleague, draggedNode, settings.dragSteps);
      report.cpu('remote drag', remoteWindow.stop());
      const remote = report.sample(
        summarize('ours: pointer move → node moved at a colleague', 'ms', latencies),
      );
      report.figure({
        key: 'remote-drag',
        label: 'remote drag visible at a colleague p95',
        unit: 'ms',
        ours: remote.p95,
        target: '≤ 50 ms',
        meets: (ms) => ms <= 50,
      });
      report.note(
        `remote drag: ${latencies.length} of ${settings.dragSteps} positions reached the colleague (awareness sends at most one per animation frame)`,
      );
      await colleagueContext.close();
      report.note(
        'browser frames have no fair baseline: read them beside the CPU lines (other load on the machine)',
      );
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});

async function waitForFirstRender(page: Page): Promise<number> {
  const measure = await page.waitForFunction(
    () => performance.getEntriesByName('flow-canvas:first-render')[0]?.duration,
    null,
    { timeout: 60_000 },
  );
  return Number(await measure.jsonValue());
}

/**
 * The dragged node's centre: a point beside the node, on the empty canvas, would pan the canvas instead (zoomed
 * out to fit, a node is a few pixels high).
 */
async function nodeCentre(page: Page, nodeId: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox();
  if (!box) throw new Error('no node to drag');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a level across the canvas, recording the interval between animation frames. */
async function dragFrames(page: Page, nodeId: string, steps: number): Promise<number[]> {
  const start = await nodeCentre(page, nodeId);
  await page.evaluate(() => {
    const state = window as unknown as { benchFrames: number[]; benchFrameLoop: boolean };
    state.benchFrames = [];
    state.benchFrameLoop = true;
    const tick = (time: number) => {
      state.benchFrames.push(time);
      if (state.benchFrameLoop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await dragAcross(page, start, steps, 1);
  const times = await page.evaluate(() => {
    const state = window as unknown as { benchFrames: number[]; benchFrameLoop: boolean };
    state.benchFrameLoop = false;
    return state.benchFrames;
  });
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

/** Right (1) or back left (-1), 3 px per step, wavering down and up. */
async function dragAcross(
  page: Page,
  start: { x: number; y: number },
  steps: number,
  direction: 1 | -1,
): Promise<void> {
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let step = 1; step <= steps; step++) {
    await page.mouse.move(start.x + direction * step * 3, start.y + (step % 40) * 2);
  }
  await page.mouse.up();
}

type Stamped = { time: number; transform: string };

/**
 * Drags the level in `page` while `colleague` shows the same flow: for every position the colleague's canvas
 * shows, the time from the pointer move that produced it (in `page`) until the colleague's node took it. Both
 * pages stamp with the same clock (performance.timeOrigin + now, one browser).
 */
async function remoteDragLatencies(
  page: Page,
  colleague: Page,
  nodeId: string,
  steps: number,
): Promise<number[]> {
  const watch = (target: Page, withPointer: boolean) =>
    target.evaluate(
      ({ nodeId, withPointer }) => {
        const now = () => performance.timeOrigin + performance.now();
        const state = window as unknown as { benchMoves: Stamped[]; benchPointer: number[] };
        state.benchMoves = [];
        state.benchPointer = [];
        const element = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${nodeId}"]`);
        if (!element) throw new Error(`no node ${nodeId}`);
        new MutationObserver(() =>
          state.benchMoves.push({ time: now(), transform: element.style.transform }),
        ).observe(element, { attributes: true, attributeFilter: ['style'] });
        if (withPointer)
          window.addEventListener('pointermove', () => state.benchPointer.push(now()), { capture: true });
      },
      { nodeId, withPointer },
    );
  await watch(page, true);
  await watch(colleague, false);
  await dragAcross(page, await nodeCentre(page, nodeId), steps, -1);
  const read = (target: Page) =>
    target.evaluate(() => {
      const state = window as unknown as { benchMoves: Stamped[]; benchPointer: number[] };
      return { moves: state.benchMoves, pointer: state.benchPointer };
    });
  // The drop reaches the colleague through the document (rounded): wait until both show the same place.
  const final = await sameTransform(page, colleague, nodeId);
  const local = await read(page);
  const remote = await read(colleague);
  // Each position in the dragging page, stamped with the pointer move that caused it.
  const causedAt = new Map<string, number>();
  for (const move of local.moves) {
    const pointer = local.pointer.filter((time) => time <= move.time).at(-1);
    if (pointer !== undefined && !causedAt.has(move.transform)) causedAt.set(move.transform, pointer);
  }
  const seen = new Set<string>();
  const latencies: number[] = [];
  for (const move of remote.moves) {
    const cause = causedAt.get(move.transform);
    if (cause === undefined || seen.has(move.transform) || move.transform === final) continue;
    seen.add(move.transform);
    latencies.push(move.time - cause);
  }
  return latencies;
}

/** The dragged node's transform once `colleague` shows it as `page` does (the drop settled in both). */
async function sameTransform(page: Page, colleague: Page, nodeId: string): Promise<string> {
  const transformOf = (id: string) =>
    document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform ?? '';
  for (let attempt = 0; attempt < 6; attempt++) {
    const transform = await page.evaluate(transformOf, nodeId);
    try {
      await colleague.waitForFunction(
        ({ id, transform }) =>
          document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform ===
          transform,
        { id: nodeId, transform },
        { timeout: 5_000 },
      );
      return transform;
    } catch (error) {
      // The drop may have moved the node here (rounded into the document) after it was read: read again.
      if ((await page.evaluate(transformOf, nodeId)) === transform) throw error;
    }
  }
  throw new Error('the dragged node never settled');
}
