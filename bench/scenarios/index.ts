// The project's performance targets P1–P12, each with the scenario that measures it. A target without a
// scenario yet is listed as "not yet supported"; measuring it is one new file here (see ../README.md).
import { type Scenario, type ScenarioId, scenarioIds, type Target } from '../harness/scenario';
import { collabFanout } from './p1-collab-fanout';
import { coldOpen } from './p2-cold-open';
import { documentMemory } from './p3-doc-memory';
import { publish } from './p4-publish';
import { engineThroughput } from './p5-engine-throughput';
import { triggerLatency } from './p6-trigger-latency';
import { flowExecutions } from './p7-flow-executions';
import { portalApi } from './p8-portal-api';
import { builderCanvas } from './p9-builder-canvas';
import { webBudgets } from './p10-web-budgets';
import { userTables } from './p11-user-tables';
import { datasets } from './p12-datasets';

const scenarios: Scenario[] = [
  collabFanout,
  coldOpen,
  documentMemory,
  publish,
  engineThroughput,
  triggerLatency,
  flowExecutions,
  portalApi,
  builderCanvas,
  webBudgets,
  userTables,
  datasets,
];

const pending: Partial<Record<ScenarioId, Target>> = {};

export interface CatalogueEntry extends Target {
  scenario: Scenario | null;
}

function entryOf(id: ScenarioId): CatalogueEntry {
  const scenario = scenarios.find((candidate) => candidate.id === id);
  const target = scenario ?? pending[id];
  if (!target) throw new Error(`target ${id} has neither a scenario nor a pending entry`);
  return { title: target.title, target: target.target, scenario: scenario ?? null };
}

export const catalogue = Object.fromEntries(scenarioIds.map((id) => [id, entryOf(id)])) as Record<
  ScenarioId,
  CatalogueEntry
>;
