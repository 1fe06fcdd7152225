import type { ConditionExplanation, Flow, TimelineEntry } from '@erp/shared';
import type { AssignmentResult, FlowEvent, FlowStep } from '@erp/shared/flows';

// An instance's timeline in words, from its steps (what the engine stored) and the pinned version's names.

export interface StepRow {
  id: string;
  event: unknown;
  status: 'pending' | 'done' | 'failed';
  outcome: unknown;
  error: string | null;
  createdAt: Date;
  appliedAt: Date | null;
  actor: { id: string; name: string } | null;
}

interface StoredOutcome {
  steps?: FlowStep[];
  assignments?: { taskKey: string; result: AssignmentResult }[];
  // SLA rows (engine/src/jobs/flow-sla.job.ts).
  taskName?: string;
  reassignedTo?: string;
  managerId?: string | null;
}

type Names = (userId: string) => string;

export function toTimeline(flow: Flow, rows: StepRow[], nameOf: Names): TimelineEntry[] {
  const nodeName = (nodeId: string) => flow.nodes.find((node) => node.id === nodeId)?.name || nodeId;
  const edgeName = (edgeId: string) => {
    const edge = flow.edges.find((candidate) => candidate.id === edgeId);
    return edge?.label || `to ${nodeName(edge?.target ?? edgeId)}`;
  };
  const entries: TimelineEntry[] = [];
  for (const row of rows) {
    const at = (row.appliedAt ?? row.createdAt).toISOString();
    const entry = (suffix: string, text: string, actor = row.actor): TimelineEntry => ({
      id: `${row.id}/${suffix}`,
      at,
      actor,
      text,
      status: row.status,
      error: row.error,
    });
    const event = row.event as FlowEvent | { type: 'reminder' | 'overdue'; taskId: string };
    const outcome = (row.outcome ?? {}) as StoredOutcome;
    entries.push(entry('event', describeEvent(event, row, nodeName, outcome)));
    const assignments = new Map((outcome.assignments ?? []).map((item) => [item.taskKey, item.result]));
    (outcome.steps ?? []).forEach((step, index) => {
      const text = describeStep(step, { nodeName, edgeName, nameOf, assignments });
      if (text) entries.push(entry(String(index), text, null));
    });
  }
  return entries;
}

function describeEvent(
  event: FlowEvent | { type: 'reminder' | 'overdue'; taskId: string },
  row: StepRow,
  nodeName: (id: string) => string,
  outcome: StoredOutcome,
): string {
  const who = row.actor?.name ?? 'someone';
  switch (event.type) {
    case 'start':
      return `Started by ${who}`;
    case 'taskCompleted':
      return `${nodeName(event.taskId.split('#')[0] ?? '')} completed by ${who}`;
    case 'taskSentBack':
      return `${nodeName(event.taskId.split('#')[0] ?? '')} sent back by ${who}: “${event.reason}”`;
    case 'cancel':
      return `Cancelled by ${who}`;
    case 'reminder':
      return `Reminder: ${outcome.taskName ?? 'a task'} is due soon`;
    case 'overdue':
      return outcome.reassignedTo
        ? `${outcome.taskName ?? 'A task'} is overdue and went to the manager`
        : `${outcome.taskName ?? 'A task'} is overdue`;
  }
}

function describeStep(
  step: FlowStep,
  names: {
    nodeName: (id: string) => string;
    edgeName: (id: string) => string;
    nameOf: Names;
    assignments: Map<string, AssignmentResult>;
  },
): string | null {
  switch (step.type) {
    case 'taskCreated': {
      const result = names.assignments.get(step.taskId);
      const level = names.nodeName(step.nodeId);
      if (!result) return `${level}: a task was created`;
      if (result.type === 'user') return `${level}: assigned to ${names.nameOf(result.userId)}`;
      if (result.type === 'queue') return `${level}: in a shared queue of ${result.userIds.length} people`;
      return `${level}: nobody could be assigned (${result.reason}); it waits in the unassigned queue`;
    }
    case 'chose': {
      const taken = step.trials.filter((trial) => trial.outcome === 'taken');
      if (taken.length === 0 || (taken.length === 1 && step.trials.length === 1)) return null;
      return taken
        .map(
          (trial) =>
            `At ${names.nodeName(step.nodeId)}, went ${names.edgeName(trial.edgeId)}${because(trial)}`,
        )
        .join('; ');
    }
    case 'sentBack':
      return `Back to ${names.nodeName(step.toNodeId)}`;
    case 'joinFired':
      return `${names.nodeName(step.nodeId)}: ${step.arrived} of ${step.needed} branches arrived, going on`;
    case 'tasksCancelled':
      return `${step.taskIds.length} open task${step.taskIds.length === 1 ? '' : 's'} cancelled`;
    case 'completed':
      return `Finished at ${names.nodeName(step.nodeId)}`;
    case 'failed':
      return `Stopped at ${names.nodeName(step.nodeId)}: ${step.reason}`;
    default:
      return null;
  }
}

function because(trial: { because: string; explanation?: ConditionExplanation }): string {
  if (trial.because === 'default') return ' (the default: no other way held)';
  if (trial.explanation) return ` because ${explain(trial.explanation)}`;
  return '';
}

function explain(explanation: ConditionExplanation): string {
  if (explanation.type === 'comparison')
    return `${explanation.text} (was ${JSON.stringify(explanation.actual) ?? 'empty'})`;
  return explanation.children
    .filter((child) => child.result)
    .map(explain)
    .join(` ${explanation.op} `);
}
