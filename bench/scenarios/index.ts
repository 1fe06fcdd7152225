// QUALITY.md's performance targets, each with the scenario that measures it. A target the product cannot
// meet yet has `scenario: null` and shows as "not yet supported"; measuring it is one new file here.
import type { Scenario, ScenarioId } from '../harness/scenario';
import { collabFanout } from './p1-collab-fanout';
import { coldOpen } from './p2-cold-open';
import { documentMemory } from './p3-doc-memory';
import { publish } from './p4-publish';
import { engineThroughput } from './p5-engine-throughput';
import { portalApi } from './p8-portal-api';
import { webBudgets } from './p10-web-budgets';
import { userTables } from './p11-user-tables';

export interface CatalogueEntry {
  title: string;
  target: string;
  scenario: Scenario | null;
}

export const catalogue = {
  P1: {
    title: 'collab fan-out',
    target: '49 editors p99 ≤ 10 ms and ≤ 2.5× a plain ws relay; 200 editors p99 ≤ 25 ms; none lost',
    scenario: collabFanout,
  },
  P2: {
    title: 'cold open of a 500-node flow',
    target: 'decode ≤ 35 ms, stored ≤ 200 KB, 50 editors synced ≤ 1.5 s',
    scenario: coldOpen,
  },
  P3: {
    title: 'memory per open document',
    target: '≤ 1.2× a bare Y.Doc; idle docs unloaded; 1,000 docs in 8 GB',
    scenario: documentMemory,
  },
  P4: { title: 'publish of a 500-node flow', target: 'p50 ≤ 10 ms, p95 ≤ 20 ms', scenario: publish },
  P5: {
    title: 'engine throughput',
    target: '≥ 3× best pg-boss, ≥ 25 % of a raw SKIP LOCKED loop',
    scenario: engineThroughput,
  },
  P6: { title: 'event → action latency', target: 'p50 ≤ 5 ms, p99 ≤ 25 ms at 200 events/s', scenario: null },
  P7: { title: 'flow executions', target: '≥ 440/s; 10-level flow p95 ≤ 50 ms', scenario: null },
  P8: {
    title: 'portal my-tasks API',
    target: '≥ 50 % of raw node:http + pg, p99 ≤ 20 ms; complete p99 ≤ 30 ms',
    scenario: portalApi,
  },
  P9: { title: 'builder canvas', target: 'first render ≤ 300 ms, drag frames p95 ≤ 18 ms', scenario: null },
  P10: {
    title: 'web budgets',
    target: 'initial JS ≤ 150 KB gz (portal), ≤ 350 KB gz (console), LCP ≤ 1.5 s',
    scenario: webBudgets,
  },
  P11: { title: 'user tables, 1M rows', target: 'filter + sort + page p95 ≤ 50 ms', scenario: userTables },
} satisfies Record<ScenarioId, CatalogueEntry>;
