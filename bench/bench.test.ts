// The harness must not rot: every scenario runs here at its smoke size (seconds, not minutes) and has to
// report every figure it promises. No timing is asserted — speed is judged by `npm run bench` only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, writeResults } from './harness/results';
import { runBench } from './harness/runner';
import { scenarioIds } from './harness/scenario';
import { renderComparison, renderDetails, renderTable } from './harness/table';
import { catalogue } from './scenarios/index';

const supported = scenarioIds.filter((id) => catalogue[id].scenario !== null);
const pending = scenarioIds.filter((id) => catalogue[id].scenario === null);

describe('npm run bench at smoke size', () => {
  it.each(supported)(
    '%s runs and reports its figures beside their baselines',
    async (id) => {
      const results = await runBench({ ids: [id], size: 'smoke' });
      const [result] = results.scenarios;
      expect(result?.error).toBeUndefined();
      expect(result?.status).toBe('measured');
      expect(result?.figures?.length).toBeGreaterThan(0);
      for (const figure of result?.figures ?? []) {
        // A figure may be "not yet supported" (ours null) only where its baseline is measured.
        expect(figure.ours ?? figure.baseline, figure.label).not.toBeNull();
      }
      expect(result?.samples?.length).toBeGreaterThan(0);
      // A failed request (a 401, a 409 from a path used twice) would be measured as a fast one.
      for (const sample of result?.samples ?? []) expect(sample.errors, sample.name).toBe(0);
      expect(result?.cpu?.length).toBeGreaterThan(0);
      expect(renderTable(results)).toContain(`${id} ${catalogue[id].title}`);
    },
    300_000,
  );

  it('lists targets without a scenario as not yet supported, and compares two runs', async () => {
    const results = await runBench({ ids: pending, size: 'smoke' });
    expect(results.scenarios.map((result) => result.status)).toEqual(pending.map(() => 'not yet supported'));
    const table = renderTable(results);
    for (const id of pending) expect(table).toContain(`${id} ${catalogue[id].title}`);
    expect(renderDetails(results)).toBe('');

    const dir = await mkdtemp(path.join(tmpdir(), 'erp-bench-results-'));
    try {
      const file = path.join(dir, 'run.json');
      await writeResults(results, file);
      const again = readResults(file);
      expect(again.versions.postgres).toMatch(/^\d+/);
      expect(renderComparison(again, results)).toContain(
        '| figure | ours | change | baseline | change | ratio |',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
