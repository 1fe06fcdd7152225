// The readable side of a run: a Markdown table (the same text goes into the README), then per scenario
// the CPU of each process and the notes.
import type { RunResults, ScenarioResult } from './results';
import type { Figure } from './scenario';

export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`;
}

function verdict(figure: Figure): string {
  if (figure.pass === null) return figure.ours === null ? 'no figure' : '—';
  return figure.pass ? 'pass' : '**FAIL**';
}

function markdownTable(header: string[], rows: string[][]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [header, header.map(() => '---'), ...rows].map(
    (row) => `| ${row.map(escapeCell).join(' | ')} |`,
  );
  return lines.join('\n');
}

function scenarioRows(result: ScenarioResult): string[][] {
  const title = `${result.id} ${result.title}`;
  if (result.status !== 'measured') {
    const reason = result.status === 'failed' ? `failed: ${firstLine(result.error)}` : 'not yet supported';
    return [[title, '—', '—', '—', '—', result.target, reason]];
  }
  return (result.figures ?? []).map((figure, index) => [
    index === 0 ? title : '',
    figure.label,
    figure.ours === null ? 'not yet supported' : formatNumber(figure.ours, figure.unit),
    formatNumber(figure.baseline, figure.unit),
    formatRatio(figure.ratio),
    figure.target,
    verdict(figure),
  ]);
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.slice(0, 160) ?? '';
}

export function renderTable(results: RunResults): string {
  const rows = results.scenarios.flatMap(scenarioRows);
  return markdownTable(['scenario', 'figure', 'ours', 'baseline', 'ratio', 'target', 'result'], rows);
}

/** Per scenario: which process was busy (CPU time of each), the machine's other load, and the notes. */
export function renderDetails(results: RunResults): string {
  const blocks: string[] = [];
  for (const result of results.scenarios) {
    if (result.status === 'not yet supported') continue;
    const lines = [`${result.id} ${result.name} (${formatNumber((result.durationMs ?? 0) / 1000, 's')})`];
    if (result.status === 'failed') lines.push(`  error: ${result.error ?? ''}`.slice(0, 2000));
    for (const phase of result.cpu ?? []) {
      const cpu = phase.window.processes
        .map((entry) => `${entry.role} ${formatNumber(entry.cpuMs / 1000, 's')}`)
        .join(', ');
      lines.push(`  cpu ${phase.phase}: ${cpu} → ${phase.bottleneck}`);
    }
    for (const note of result.notes ?? []) lines.push(`  - ${note}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n');
}

export function renderMachine(results: RunResults): string {
  const { machine, versions } = results;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return [
    `${machine.cpuModel} × ${machine.cores}, ${machine.memoryGb} GB, ${machine.os}`,
    `Node ${versions.node}, PostgreSQL ${versions.postgres}, yjs ${versions.yjs}, Hocuspocus ${versions['@hocuspocus/server']}, ${versions.chromium}`,
    `size ${results.settings.size}; load average at start ${load(machine.loadavgAtStart)}, at end ${load(machine.loadavgAtEnd)}; ${formatNumber(results.durationMs / 1000, 's')} in total`,
  ].join('\n');
}

function change(before: number | null | undefined, after: number | null | undefined): string {
  if (!before || after === null || after === undefined) return '—';
  return `${(((after - before) / before) * 100).toFixed(1)} %`;
}

/**
 * Old and new, figure by figure (scenario id + figure key): ours and the baseline with the change of each
 * (the baseline's change says how much the machine itself moved between the runs), and the ratio.
 */
export function renderComparison(before: RunResults, after: RunResults): string {
  const rows: string[][] = [];
  for (const result of after.scenarios) {
    const previous = before.scenarios.find((entry) => entry.id === result.id);
    for (const figure of result.figures ?? []) {
      const old = previous?.figures?.find((entry) => entry.key === figure.key);
      const pair = (from: number | null | undefined, to: number | null) =>
        `${formatNumber(from, figure.unit)} → ${formatNumber(to, figure.unit)}`;
      rows.push([
        `${result.id} ${figure.label}`,
        pair(old?.ours, figure.ours),
        change(old?.ours, figure.ours),
        pair(old?.baseline, figure.baseline),
        change(old?.baseline, figure.baseline),
        `${formatRatio(old?.ratio ?? null)} → ${formatRatio(figure.ratio)}`,
      ]);
    }
  }
  return markdownTable(['figure', 'ours', 'change', 'baseline', 'change', 'ratio'], rows);
}
