import type { FlowProblem } from '@erp/shared/flows';
import { CircleAlert, CircleCheck } from 'lucide-react';
import type { DraftFlow } from './draft-flow';

/** Every problem of the draft; choosing one selects its node or edge on the canvas. Nothing here blocks work. */
export function ProblemsPanel({
  flow,
  problems,
  onSelect,
}: {
  flow: DraftFlow;
  problems: FlowProblem[];
  onSelect: (entity: FlowProblem['entity']) => void;
}) {
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-emerald-700">
        <CircleCheck className="size-4" aria-hidden="true" />
        No problems found: every step is reachable and leads somewhere.
      </p>
    );
  }
  const nodeName = (id: string) => flow.nodes.find((node) => node.id === id)?.name || 'Unnamed step';
  const where = (entity: FlowProblem['entity']) => {
    if (entity.type === 'node') return nodeName(entity.id);
    const edge = flow.edges.find((candidate) => candidate.id === entity.id);
    return edge ? `Edge ${nodeName(edge.source)} → ${nodeName(edge.target)}` : 'Edge';
  };
  return (
    <ul className="-mx-2 space-y-1" aria-label="Problems">
      {problems.map((problem) => (
        <li key={`${problem.entity.id}:${problem.code}:${problem.message}`}>
          <button
            type="button"
            className="flex w-full items-start gap-2 rounded-md px-2 py-2 text-left hover:bg-neutral-50"
            onClick={() => onSelect(problem.entity)}
          >
            <CircleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
            <span className="text-sm">
              <span className="block font-medium text-neutral-900">{where(problem.entity)}</span>
              <span className="text-neutral-600">{problem.message}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
