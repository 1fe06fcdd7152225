// CPU accounting from /proc (Linux): every process of a scenario is measured from outside, the product
// server and PostgreSQL included, so nothing in the product needs to cooperate.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const ticksPerSecond = 100; // CLK_TCK on Linux x86-64 and arm64

export interface ProcStat {
  pid: number;
  ppid: number;
  /** user + system time of the process itself, ms */
  ownMs: number;
  /** user + system time of its children that have exited and were waited for, ms */
  reapedMs: number;
}

export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may contain spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (index: number) => Number(fields[index - 3]);
  const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond;
  return {
    pid,
    ppid: field(4),
    ownMs: toMs(field(14) + field(15)),
    reapedMs: toMs(field(16) + field(17)),
  };
}

/**
 * CPU time of a process and everything below it (live descendants plus reaped ones), ms. Subtrees rooted
 * at an `excluded` pid are left out (they are measured as roles of their own).
 */
export function processTreeCpuMs(rootPid: number, excluded: ReadonlySet<number> = new Set()): number {
  const all = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) all.set(pid, stat);
  }
  const root = all.get(rootPid);
  if (!root) return 0;
  let total = root.ownMs + root.reapedMs;
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const stat of all.values()) {
      if (stat.ppid !== parent || excluded.has(stat.pid)) continue;
      total += stat.ownMs + stat.reapedMs;
      queue.push(stat.pid);
    }
  }
  return total;
}

/** Busy and total CPU time of the whole machine (all cores), ms, from the first line of /proc/stat. */
export function machineCpuMs(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    values.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond;
  return { busyMs: toMs(busy), totalMs: toMs(busy + idle + iowait) };
}

export const coreCount = cpus().length;

export interface ProcessCpu {
  /** `server`, `load generator`, `postgres`, `baseline server`, … */
  role: string;
  pid: number;
  cpuMs: number;
  wallMs: number;
  /** Share of one core over the window (100 = one core saturated). */
  percentOfCore: number;
}

export interface CpuWindowResult {
  processes: ProcessCpu[];
  /** Cores busy on the whole machine during the window, and the part of that not ours (other work). */
  machine: { busyCores: number; foreignCores: number; cores: number };
}

/**
 * Measures CPU of named process trees over a window: `const window = startCpuWindow(roles)`, run the
 * workload, then `window.stop()`.
 */
export function startCpuWindow(roles: Record<string, number | undefined>) {
  const startedAt = performance.now();
  const machineStart = machineCpuMs();
  const entries = Object.entries(roles).filter((entry): entry is [string, number] => entry[1] !== undefined);
  // A role's tree excludes the other roles (the harness is the parent of every server and generator).
  const pids = new Set(entries.map(([, pid]) => pid));
  const measure = (pid: number) => processTreeCpuMs(pid, pids);
  const starts = entries.map(([, pid]) => measure(pid));
  return {
    stop(): CpuWindowResult {
      const wallMs = performance.now() - startedAt;
      const machineEnd = machineCpuMs();
      const processes = entries.map(([role, pid], index) => {
        const cpuMs = Math.max(0, measure(pid) - (starts[index] ?? 0));
        return { role, pid, cpuMs, wallMs, percentOfCore: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0 };
      });
      const machineBusyMs = machineEnd.busyMs - machineStart.busyMs;
      const oursMs = processes.reduce((sum, entry) => sum + entry.cpuMs, 0);
      return {
        processes,
        machine: {
          busyCores: wallMs > 0 ? machineBusyMs / wallMs : 0,
          foreignCores: wallMs > 0 ? Math.max(0, machineBusyMs - oursMs) / wallMs : 0,
          cores: coreCount,
        },
      };
    },
  };
}

/** Which process limited the run: the busiest one, called saturated from 85 % of a core on. */
export function describeBottleneck(window: CpuWindowResult): string {
  const busiest = [...window.processes].sort((a, b) => b.percentOfCore - a.percentOfCore)[0];
  if (!busiest) return 'no processes measured';
  const parts = window.processes
    .map((entry) => `${entry.role} ${Math.round(entry.percentOfCore)}%`)
    .join(', ');
  const other = `others on the machine ${window.machine.foreignCores.toFixed(2)} cores`;
  const verdict =
    busiest.percentOfCore >= 85
      ? `${busiest.role} saturated`
      : window.machine.busyCores >= window.machine.cores * 0.9
        ? 'machine saturated'
        : 'nothing saturated';
  return `${verdict} (${parts}; ${other})`;
}
