import type { Flow } from '../documents/flow/flow.schema';
import type { Starters } from '../documents/flow/flow-nodes.schema';

/** Where a person stands in the company at one moment: their roles, positions and departments (with the ones above). */
export interface Memberships {
  orgRoleIds: ReadonlySet<string>;
  positionIds: ReadonlySet<string>;
  departmentIds: ReadonlySet<string>;
}

/** Who may start the flow, as its start node says (absent: everyone). */
export function startersOf(flow: Pick<Flow, 'nodes'>): Starters | null {
  const start = flow.nodes.find((node) => node.type === 'start');
  return start?.type === 'start' ? (start.startedBy ?? null) : null;
}

/**
 * [ST1] Everyone may start a flow that names nobody; otherwise whoever holds one of its roles or positions or is in
 * one of its departments (a department includes the ones below it: `memberships` lists a person's departments with
 * every department above them).
 */
export function mayStart(starters: Starters | null, memberships: Memberships): boolean {
  if (!starters) return true;
  return (
    starters.orgRoleIds.some((id) => memberships.orgRoleIds.has(id)) ||
    starters.positionIds.some((id) => memberships.positionIds.has(id)) ||
    starters.departmentIds.some((id) => memberships.departmentIds.has(id))
  );
}
