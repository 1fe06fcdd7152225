// `npm run bench [-- <scenario…>] [--size smoke|full] [--compare old.json [--with new.json]] [--out file]`
// Runs QUALITY.md's performance scenarios, each beside its baseline, prints the table and writes
// bench/results/latest.json. `--compare` prints the change against an earlier results file; with `--with`
// it compares two files without running anything.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readResults, resultsDir, writeResults } from './harness/results';
import { runBench, selectScenarios } from './harness/runner';
import type { Size } from './harness/scenario';
import { renderComparison, renderDetails, renderMachine, renderTable } from './harness/table';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    size: { type: 'string', default: 'full' },
    compare: { type: 'string' },
    with: { type: 'string' },
    out: { type: 'string', default: path.join(resultsDir, 'latest.json') },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'npm run bench [-- <P1|collab-fanout …>] [--size smoke|full] [--compare old.json [--with new.json]] [--out file]',
  );
  process.exit(0);
}
if (values.size !== 'smoke' && values.size !== 'full') {
  console.error(`--size is smoke or full, not '${values.size}'`);
  process.exit(2);
}

if (values.compare && values.with) {
  console.log(renderComparison(readResults(values.compare), readResults(values.with)));
  process.exit(0);
}
const before = values.compare ? readResults(values.compare) : null;

const results = await runBench({
  ids: selectScenarios(positionals),
  size: values.size as Size,
  argv: process.argv.slice(2),
  log: (message) => console.error(`[bench] ${message}`),
});
await writeResults(results, values.out);

console.log(`\n${renderMachine(results)}\n`);
console.log(renderTable(results));
console.log(`\nratio = ours ÷ baseline. Per scenario, CPU time of each process over the measured phase:\n`);
console.log(renderDetails(results));
if (before) console.log(`\nChange against ${values.compare}:\n\n${renderComparison(before, results)}`);
console.log(`\nwritten to ${path.relative(process.cwd(), values.out)}`);
// Children and pools are closed; anything still open (a stuck socket) must not keep the run alive.
process.exit(0);
