// The results document (bench/results/latest.json): enough to compare two runs and to see what the machine
// was doing while they ran.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, hostname, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { repoDir } from './product';
import type { ScenarioId, ScenarioReport, Size } from './scenario';

export type ScenarioStatus = 'measured' | 'failed' | 'not yet supported';

export interface ScenarioResult extends Partial<ScenarioReport> {
  id: ScenarioId;
  name: string;
  title: string;
  target: string;
  status: ScenarioStatus;
  error?: string;
  durationMs?: number;
  /** Load average (1 min) when the scenario started and ended: other work on the machine. */
  loadavg?: [number, number];
}

export interface RunResults {
  format: 1;
  startedAt: string;
  durationMs: number;
  machine: {
    hostname: string;
    os: string;
    cpuModel: string;
    cores: number;
    memoryGb: number;
    loadavgAtStart: number[];
    loadavgAtEnd: number[];
  };
  versions: Record<string, string>;
  settings: { size: Size; scenarios: string[]; argv: string[] };
  scenarios: ScenarioResult[];
}

export const resultsDir = path.join(repoDir, 'bench', 'results');

export function describeMachine(): Omit<RunResults['machine'], 'loadavgAtEnd'> {
  return {
    hostname: hostname(),
    os: `${process.platform} ${release()}`,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadavgAtStart: loadavg(),
  };
}

function packageVersion(name: string): string {
  try {
    const file = path.join(repoDir, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function describeVersions(postgres: string): Record<string, string> {
  let chromium = 'not installed';
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // P9 and P10 then report the missing browser
  }
  return {
    node: process.version,
    postgres,
    yjs: packageVersion('yjs'),
    '@hocuspocus/server': packageVersion('@hocuspocus/server'),
    '@hocuspocus/provider': packageVersion('@hocuspocus/provider'),
    ws: packageVersion('ws'),
    'pg-boss': packageVersion('pg-boss'),
    vite: packageVersion('vite'),
    chromium,
  };
}

export async function writeResults(results: RunResults, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

export function readResults(file: string): RunResults {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  if (parsed.format !== 1 || !Array.isArray(parsed.scenarios)) {
    throw new Error(`${file} is not a bench results file (format 1)`);
  }
  return parsed;
}
