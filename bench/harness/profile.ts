// Where a process spends its CPU: a V8 CPU profile of a window, reduced to the functions and the packages
// with the most self time. This is how the report names "the biggest cost" of a failing target.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface CostEntry {
  name: string;
  selfMs: number;
  /** Of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  functions: CostEntry[];
  areas: CostEntry[];
}

const repoMarker = fileURLToPath(new URL('../..', import.meta.url));

/** `yjs`, `@hocuspocus/server`, `collab-server`, `node internals`, `GC`, … */
function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName.replace(/[()]/g, '') : 'native';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const inRepo = url.indexOf(repoMarker);
  return inRepo >= 0 ? (url.slice(inRepo + repoMarker.length).split('/')[0] ?? url) : url;
}

function functionOf(node: ProfileNode): string {
  const { url, functionName, lineNumber } = node.callFrame;
  const file = url.split('/').slice(-1)[0] ?? '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

export function summarizeProfile(profile: Profile, top = 8): ProfileSummary {
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = totalHits > 0 ? wallMs / totalHits : 0;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busyMs = 0;
  for (const node of profile.nodes) {
    const selfMs = (node.hitCount ?? 0) * msPerHit;
    if (selfMs === 0 || node.callFrame.functionName === '(idle)') continue;
    busyMs += selfMs;
    const name = functionOf(node);
    byFunction.set(name, (byFunction.get(name) ?? 0) + selfMs);
    const area = areaOf(node);
    byArea.set(area, (byArea.get(area) ?? 0) + selfMs);
  }
  const rank = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, percent: busyMs > 0 ? (selfMs / busyMs) * 100 : 0 }));
  return { wallMs, busyMs, functions: rank(byFunction), areas: rank(byArea) };
}

export function describeProfile(summary: ProfileSummary, count = 4): string {
  const list = (entries: CostEntry[]) =>
    entries
      .slice(0, count)
      .map((entry) => `${entry.name} ${entry.percent.toFixed(0)}%`)
      .join(', ');
  const busy = summary.wallMs > 0 ? (summary.busyMs / summary.wallMs) * 100 : 0;
  return `busy ${busy.toFixed(0)}% of the window; by package: ${list(summary.areas)}; hottest functions: ${list(summary.functions)}`;
}

/**
 * Profiles this very process (any bench child can: see serveRequests). With BENCH_PROFILE_DIR set, each
 * profile is also written there whole (`<pid>-<n>.cpuprofile`, for Chrome's DevTools or a call tree).
 */
export function createSelfProfiler() {
  let session: Session | null = null;
  let saved = 0;
  return {
    async start(): Promise<void> {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
    },
    async stop(): Promise<ProfileSummary> {
      if (!session) throw new Error('the profiler was not started');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      const directory = process.env.BENCH_PROFILE_DIR;
      if (directory) {
        saved += 1;
        writeFileSync(path.join(directory, `${process.pid}-${saved}.cpuprofile`), JSON.stringify(profile));
      }
      return summarizeProfile(profile as Profile);
    },
  };
}
