import type { DraftFlowGraph, FlowEvent, FlowStep, InstanceState, OpenTask } from '@erp/shared/flows';
import { type AssignmentResult, advanceFlow, resolveAssignment } from '@erp/shared/flows';
import { checkTaskFormData, type TaskFormData } from '@erp/shared/forms';
import { useSetAtom } from 'jotai';
import { CircleCheck, Play, RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../../../api/client';
import { useApi } from '../../../../api/use-api';
import { listDirectory } from '../../../../api/users';
import { useUser } from '../../../../app/session';
import { PublishedForm } from '../../../../forms/published-form';
import { ErrorAlert } from '../../../../ui/alert';
import { Button } from '../../../../ui/button';
import { Field, inputClasses } from '../../../../ui/field';
import type { DraftFlow } from '../draft-flow';
import type { FormCatalog } from '../use-form-catalog';
import { simulatedPathAtom } from '../view-state';
import { apiDirectory } from './api-directory';
import { describeStep, describeTrial, type StepNames } from './describe-step';

interface Run {
  state: InstanceState;
  steps: FlowStep[];
}

/**
 * Walks the draft with sample data through the shared flow semantics (the engine runs the same function):
 * fill each level's form, see which edge each rule takes and why, who would get each task, and the path on
 * the canvas. Nothing is stored: it is a rehearsal.
 */
export function SimulatorPanel({
  flow,
  graph,
  catalog,
}: {
  flow: DraftFlow;
  graph: DraftFlowGraph;
  catalog: FormCatalog;
}) {
  const me = useUser();
  const people = useApi('directory', (signal) => listDirectory({ limit: 200 }, signal));
  const [requesterId, setRequesterId] = useState(me.id);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);
  const setPath = useSetAtom(simulatedPathAtom);

  const nameOfPerson = (id: string) =>
    people.data?.items.find((person) => person.id === id)?.name ?? (id === me.id ? me.name : id);
  const names: StepNames = {
    node: (id) => flow.nodes.find((node) => node.id === id)?.name || 'Unnamed step',
    edge: (id) => {
      const edge = flow.edges.find((candidate) => candidate.id === id);
      if (!edge) return id;
      return edge.label || `to ${names.node(edge.target)}`;
    },
    person: nameOfPerson,
  };

  const advance = (event: FlowEvent) => {
    try {
      const transition = advanceFlow(graph, run?.state ?? null, event);
      const next = { state: transition.state, steps: [...(run?.steps ?? []), ...transition.steps] };
      setRun(next);
      setError(null);
      setPath(pathOf(next));
    } catch (failure) {
      setError(failure);
    }
  };
  const reset = () => {
    setRun(null);
    setError(null);
    setPath(null);
  };
  useEffect(() => () => setPath(null), [setPath]);

  const requestFormId = graph.requestFormIds[0];
  const requestForm = requestFormId ? catalog.formOf(requestFormId) : undefined;
  const [startValues, setStartValues] = useState<TaskFormData>({});

  return (
    <div className="space-y-5" data-simulator>
      <p className="text-sm text-neutral-600">
        A rehearsal of this draft: nothing is stored and nobody is notified. The engine runs the same rules.
      </p>
      {!run ? (
        <div className="space-y-4">
          <Field label="Requester" help="Assignments by hierarchy are resolved for this person.">
            {(control) => (
              <select
                {...control}
                className={inputClasses}
                value={requesterId}
                onChange={(event) => setRequesterId(event.target.value)}
              >
                <option value={me.id}>{me.name} (you)</option>
                {people.data?.items
                  .filter((person) => person.id !== me.id)
                  .map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {requestForm && (
            <div className="rounded-md border border-neutral-200 p-3">
              <p className="mb-3 text-sm font-medium text-neutral-800">Request form</p>
              <PublishedForm
                form={requestForm}
                values={startValues}
                onChange={setStartValues}
                renderFile={noFileInSimulation}
              />
            </div>
          )}
          <Button
            variant="primary"
            icon={Play}
            onClick={() => advance({ type: 'start', requesterId, data: startValues })}
          >
            Start the simulation
          </Button>
        </div>
      ) : (
        <div className="space-y-4">
          <div className="flex items-center justify-between">
            <StatusLine state={run.state} names={names} />
            <Button size="sm" variant="ghost" icon={RotateCcw} onClick={reset}>
              Start over
            </Button>
          </div>
          {run.state.openTasks.map((task) => (
            <OpenTaskCard
              key={task.id}
              task={task}
              graph={graph}
              catalog={catalog}
              state={run.state}
              nodeName={names.node(task.nodeId)}
              nameOfPerson={nameOfPerson}
              activeUserIds={people.data?.items.map((person) => person.id)}
              onComplete={(completedBy, data) =>
                advance({ type: 'taskCompleted', taskId: task.id, completedBy, data })
              }
              onSendBack={(sentBy) =>
                advance({
                  type: 'taskSentBack',
                  taskId: task.id,
                  sentBy,
                  reason: 'Sent back in the simulation.',
                })
              }
            />
          ))}
          <Timeline steps={run.steps} names={names} />
        </div>
      )}
      {error !== null && <ErrorAlert title="The simulation cannot go on">{errorMessage(error)}</ErrorAlert>}
    </div>
  );
}

function pathOf(run: Run): { walked: Set<string>; current: Set<string> } {
  const walked = new Set<string>();
  for (const step of run.steps) {
    if (step.type === 'entered') {
      walked.add(step.nodeId);
      if (step.viaEdgeId) walked.add(step.viaEdgeId);
    }
  }
  return { walked, current: new Set(run.state.openTasks.map((task) => task.nodeId)) };
}

function StatusLine({ state, names }: { state: InstanceState; names: StepNames }) {
  const text = {
    running: `Waiting for ${state.openTasks.length === 1 ? 'one task' : `${state.openTasks.length} tasks`}`,
    completed: `Finished at “${names.node(state.endNodeId ?? '')}”`,
    failed: 'Stopped: see the last step',
    cancelled: 'Cancelled',
  }[state.status];
  return (
    <p className="flex items-center gap-1.5 text-sm font-medium text-neutral-900" role="status">
      {state.status === 'completed' && <CircleCheck className="size-4 text-emerald-600" aria-hidden="true" />}
      {text}
    </p>
  );
}

function OpenTaskCard({
  task,
  graph,
  catalog,
  state,
  nodeName,
  nameOfPerson,
  activeUserIds,
  onComplete,
  onSendBack,
}: {
  task: OpenTask;
  graph: DraftFlowGraph;
  catalog: FormCatalog;
  state: InstanceState;
  nodeName: string;
  nameOfPerson: (id: string) => string;
  activeUserIds: string[] | undefined;
  onComplete: (completedBy: string, data: TaskFormData) => void;
  onSendBack: (sentBy: string) => void;
}) {
  const node = graph.nodes.find((candidate) => candidate.id === task.nodeId);
  const form = node?.taskFormId ? catalog.formOf(node.taskFormId) : undefined;
  const [values, setValues] = useState<TaskFormData>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const assignee = useAssignee(node?.assignment, state, task, activeUserIds);
  const completedBy =
    assignee?.type === 'user'
      ? assignee.userId
      : assignee?.type === 'queue'
        ? (assignee.userIds[0] ?? state.requesterId)
        : state.requesterId;
  return (
    <section
      className="space-y-3 rounded-md border border-indigo-200 bg-indigo-50/40 p-3"
      aria-label={`Task: ${nodeName}`}
    >
      <div>
        <p className="text-sm font-semibold text-neutral-900">{nodeName}</p>
        <p className="text-xs text-neutral-600">
          Would be assigned to: <AssigneeText result={assignee} nameOfPerson={nameOfPerson} />
        </p>
      </div>
      {form ? (
        <PublishedForm
          form={form}
          values={values}
          problems={errors}
          onChange={setValues}
          renderFile={noFileInSimulation}
        />
      ) : (
        <p className="text-sm text-neutral-500">
          {node?.taskFormId ? 'Loading the form…' : 'This level has no form yet.'}
        </p>
      )}
      <Button
        size="sm"
        variant="primary"
        onClick={() => {
          // The portal's and the server's checks, so a simulation completes only what an employee could.
          const checked = form ? checkTaskFormData(form, values) : { ok: true as const, data: values };
          setErrors(checked.ok ? {} : checked.problems);
          if (checked.ok) onComplete(completedBy, checked.data);
        }}
      >
        Complete “{nodeName}”
      </Button>
      {node?.allowSendBack && (task.trail?.length ?? 0) > 0 && (
        <Button size="sm" variant="ghost" className="ml-2" onClick={() => onSendBack(completedBy)}>
          Send back
        </Button>
      )}
    </section>
  );
}

type Resolution = AssignmentResult | { type: 'error'; message: string } | { type: 'none' } | undefined;

function useAssignee(
  assignment: DraftFlowGraph['nodes'][number]['assignment'],
  state: InstanceState,
  task: OpenTask,
  activeUserIds: string[] | undefined,
): Resolution {
  const [result, setResult] = useState<Resolution>(undefined);
  const directory = useMemo(
    () => (activeUserIds ? apiDirectory(new Set(activeUserIds)) : null),
    [activeUserIds],
  );
  useEffect(() => {
    if (!assignment) return setResult({ type: 'none' });
    if (!directory) return;
    let isCurrent = true;
    resolveAssignment(
      assignment,
      { requesterId: state.requesterId, previousAssigneeId: task.previousAssigneeId, data: state.data },
      directory,
    ).then(
      (resolved) => isCurrent && setResult(resolved),
      (failure: unknown) => isCurrent && setResult({ type: 'error', message: errorMessage(failure) }),
    );
    return () => {
      isCurrent = false;
    };
  }, [assignment, directory, state, task]);
  return result;
}

function AssigneeText({
  result,
  nameOfPerson,
}: {
  result: Resolution;
  nameOfPerson: (id: string) => string;
}) {
  if (!result) return <span>resolving…</span>;
  switch (result.type) {
    case 'user':
      return <strong>{nameOfPerson(result.userId)}</strong>;
    case 'queue':
      return <strong>a shared queue of {result.userIds.map(nameOfPerson).join(', ')}</strong>;
    case 'unassigned':
      return (
        <span className="text-amber-800">
          nobody — {result.reason} It would wait in the unassigned queue.
        </span>
      );
    case 'none':
      return <span className="text-amber-800">nobody yet: choose an assignment</span>;
    case 'error':
      return <span className="text-amber-800">cannot tell here ({result.message})</span>;
  }
}

function Timeline({ steps, names }: { steps: FlowStep[]; names: StepNames }) {
  return (
    <div>
      <p className="mb-2 text-sm font-medium text-neutral-800">What happened</p>
      <ol className="space-y-2 border-l border-neutral-200 pl-4 text-sm" aria-label="Simulation steps">
        {steps.map((step, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows; a step's place is its identity
          <li key={index} className="text-neutral-800">
            {describeStep(step, names)}
            {step.type === 'chose' && step.trials.length > 1 && (
              <ul className="mt-1 space-y-0.5 text-xs text-neutral-600">
                {step.trials.map((trial) => (
                  <li key={trial.edgeId}>
                    <span className={trial.outcome === 'taken' ? 'font-semibold text-indigo-700' : undefined}>
                      “{names.edge(trial.edgeId)}”
                    </span>
                    : {describeTrial(trial)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function noFileInSimulation(field: { label: string; key: string }) {
  return (
    <p className="text-sm text-neutral-600">
      <span className="font-medium text-neutral-800">{field.label || field.key}</span>: files are attached in
      the portal, not in a simulation.
    </p>
  );
}
