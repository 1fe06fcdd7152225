import type { ConditionExplanation } from '@erp/shared/conditions';
import type { EdgeTrial, FlowStep } from '@erp/shared/flows';

export interface StepNames {
  node(id: string): string;
  edge(id: string): string;
  person(id: string): string;
}

const failureText = {
  noEdge: 'no outgoing edge holds and none is the default',
  deadEnd: 'nothing leaves it',
  stuck: 'it waits for branches that went elsewhere',
  loop: 'its steps go round in a circle',
  unknownNode: 'an edge leads to a step that no longer exists',
} as const;

/** One step of a simulated instance in words, for the simulator's timeline. */
export function describeStep(step: FlowStep, names: StepNames): string {
  switch (step.type) {
    case 'entered':
      return `Reached “${names.node(step.nodeId)}”.`;
    case 'chose': {
      const taken = step.trials
        .filter((trial) => trial.outcome === 'taken')
        .map((trial) => names.edge(trial.edgeId));
      return taken.length === 0
        ? `At “${names.node(step.nodeId)}” no edge holds.`
        : `At “${names.node(step.nodeId)}” took ${taken.map((edge) => `“${edge}”`).join(' and ')}.`;
    }
    case 'taskCreated':
      return `Created the task of “${names.node(step.nodeId)}”.`;
    case 'taskCompleted':
      return `${names.person(step.completedBy)} completed “${names.node(step.nodeId)}”.`;
    case 'sentBack':
      return `${names.person(step.sentBy)} sent “${names.node(step.nodeId)}” back to “${names.node(step.toNodeId)}”: ${step.reason}`;
    case 'joinWaiting':
      return `“${names.node(step.nodeId)}” waits: ${step.arrived} of ${step.needed} branches arrived.`;
    case 'joinFired':
      return `“${names.node(step.nodeId)}” goes on: ${step.arrived} of ${step.needed} branches arrived.`;
    case 'tasksCancelled':
      return `Cancelled ${step.taskIds.length === 1 ? 'an open task' : `${step.taskIds.length} open tasks`} of the other branches.`;
    case 'completed':
      return `Finished at “${names.node(step.nodeId)}”.`;
    case 'failed':
      return `Stopped at “${names.node(step.nodeId)}”: ${failureText[step.reason]}.`;
    case 'cancelled':
      return 'The instance was cancelled.';
  }
}

/** Why an edge was (not) taken, in words: "amount > 1000 — it is 5000: holds". */
export function describeTrial(trial: EdgeTrial): string {
  if (trial.because === 'default') {
    return trial.outcome === 'taken' ? 'the default, as no other edge holds' : 'the default, not needed';
  }
  if (trial.outcome === 'skipped') return 'not tried: an earlier edge was taken';
  if (!trial.explanation) return 'no condition: always holds';
  return explanationText(trial.explanation);
}

function explanationText(explanation: ConditionExplanation): string {
  if (explanation.type === 'comparison') {
    const actual =
      explanation.actual === undefined ? 'it is empty' : `it is ${JSON.stringify(explanation.actual)}`;
    return `${explanation.text} — ${actual}: ${explanation.result ? 'holds' : 'does not hold'}`;
  }
  const joiner = explanation.op === 'and' ? '; and ' : '; or ';
  return explanation.children.map(explanationText).join(joiner);
}
