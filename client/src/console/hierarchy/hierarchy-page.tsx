import type { OrgRole, TreeDepartment } from '@erp/shared/api/hierarchy';
import { Building2, CalendarDays, Network, Plus, ShieldCheck } from 'lucide-react';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import * as hierarchyApi from '../../api/hierarchy';
import { useApi } from '../../api/use-api';
import { useUser } from '../../app/session';
import { useSearchParam } from '../../app/use-search-param';
import { ErrorAlert, FeedbackArea, useFeedback } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { inputClasses } from '../../ui/field';
import { MenuItem, RowMenu } from '../../ui/menu';
import { PageHeader } from '../../ui/page-header';
import { SearchInput } from '../../ui/search-input';
import { LoadingState } from '../../ui/spinner';
import {
  AssignPersonDialog,
  AssignRoleDialog,
  DepartmentDialog,
  EndDialog,
  OrgRoleDialog,
  PositionDialog,
  today,
} from './hierarchy-dialogs';
import type { Choice } from './use-org-options';

type TreePosition = TreeDepartment['positions'][number];

type Editing =
  | { kind: 'department'; department?: TreeDepartment; parentId?: string | null }
  | { kind: 'position'; departmentId: string; position?: TreePosition }
  | { kind: 'assign'; position: TreePosition }
  | {
      kind: 'end';
      title: string;
      description: string;
      submitLabel: string;
      end: (validTo: string) => Promise<unknown>;
    }
  | { kind: 'role' }
  | { kind: 'roleMember'; role: OrgRole }
  | null;

/**
 * The company structure: departments, their positions, who holds each and who reports to whom, as of any day.
 * Admins change it; every change is dated, so flows keep resolving "the manager at that moment" correctly.
 */
export function HierarchyPage() {
  const user = useUser();
  const [atParam, setAt] = useSearchParam('at');
  const [q, setQ] = useSearchParam('q');
  const at = atParam || today();
  const isToday = at === today();
  const canEdit = user.roles.includes('admin') && isToday;
  // Today means now: changes made a moment ago (without a day) count already.
  const asOf = isToday ? undefined : at;
  const tree = useApi(`hierarchy|${at}`, (signal) => hierarchyApi.getHierarchyTree(signal, asOf));
  const roles = useApi('orgRoles', (signal) => hierarchyApi.listOrgRoles(signal));
  const [editing, setEditing] = useState<Editing>(null);
  const feedback = useFeedback();
  const onSearch = useCallback((value: string) => setQ(value.trim()), [setQ]);

  const departments = tree.data?.departments ?? [];
  const shown = useMemo(() => filterTree(departments, q), [departments, q]);
  const names = useMemo(() => occupantNames(departments), [departments]);
  // Each change also reloads the role members each row loads for itself.
  const [changes, setChanges] = useState(0);
  const done = (message: string) => {
    setChanges((count) => count + 1);
    setEditing(null);
    feedback.succeed(message);
    tree.reload();
    roles.reload();
  };
  const actions: TreeActions = {
    canEdit,
    names,
    edit: setEditing,
    remove: feedback.attempt,
    reload: tree.reload,
  };

  return (
    <>
      <PageHeader
        title="Hierarchy"
        description="Departments, positions, who holds each and who reports to whom. Flows route tasks by it."
        actions={
          canEdit && (
            <Button
              variant="primary"
              icon={Plus}
              onClick={() => setEditing({ kind: 'department', parentId: null })}
            >
              Add department
            </Button>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <SearchInput
          label="Search departments, positions and people"
          placeholder="Search departments, positions, people"
          value={q}
          onSearch={onSearch}
        />
        <label className="flex items-center gap-2 text-sm text-neutral-700">
          <CalendarDays className="size-4 text-neutral-500" aria-hidden="true" />
          As of
          <input
            type="date"
            className={`${inputClasses} w-auto`}
            value={at}
            max="9999-12-31"
            onChange={(event) => setAt(event.target.value === today() ? '' : event.target.value)}
          />
        </label>
        {!isToday && (
          <Button variant="ghost" onClick={() => setAt('')}>
            Back to today
          </Button>
        )}
      </div>
      <FeedbackArea feedback={feedback} />
      {!isToday && (
        <p role="note" className="mb-4 rounded-md bg-indigo-50 px-4 py-3 text-sm text-indigo-900">
          The structure as it stood on {at}. Changes are made to today’s structure.
        </p>
      )}
      {tree.error !== undefined ? (
        <ErrorAlert
          error={tree.error}
          title="The company structure could not be loaded"
          onRetry={tree.reload}
        />
      ) : !tree.data ? (
        <LoadingState label="Loading the company structure…" />
      ) : departments.length === 0 ? (
        <Card>
          <EmptyState icon={Network} title="No departments yet">
            <p>
              {canEdit
                ? 'Add the first department, then its positions and who holds them.'
                : 'An admin sets up the departments, positions and reporting lines here.'}
            </p>
          </EmptyState>
        </Card>
      ) : shown.length === 0 ? (
        <Card>
          <EmptyState icon={Network} title="Nothing matches">
            <p>No department, position or person matches “{q}”.</p>
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {shown.map((department) => (
            <DepartmentCard key={department.id} department={department} actions={actions} />
          ))}
        </div>
      )}

      <Card className="mt-8">
        <CardHeader
          title="Company roles"
          description="Roles across departments; flows can give a task to everyone holding one."
          actions={
            canEdit && (
              <Button icon={Plus} onClick={() => setEditing({ kind: 'role' })}>
                Add role
              </Button>
            )
          }
        />
        {roles.error !== undefined ? (
          <div className="p-5">
            <ErrorAlert error={roles.error} title="The roles could not be loaded" onRetry={roles.reload} />
          </div>
        ) : roles.data?.items.length === 0 ? (
          <EmptyState icon={ShieldCheck} title="No company roles yet">
            <p>Add roles such as “Finance approver” to route tasks to whoever holds them.</p>
          </EmptyState>
        ) : (
          <ul className="divide-y divide-neutral-100" aria-label="Company roles">
            {roles.data?.items.map((role) => (
              <RoleRow key={`${role.id}|${at}|${changes}`} role={role} at={asOf} actions={actions} />
            ))}
          </ul>
        )}
      </Card>

      {editing && (
        <EditDialog
          editing={editing}
          departments={departmentChoices(departments)}
          positions={positionChoices(departments)}
          onClose={() => setEditing(null)}
          onDone={done}
        />
      )}
    </>
  );
}

interface TreeActions {
  canEdit: boolean;
  /** Everyone holding a position, by id, for "reports to". */
  names: Map<string, string>;
  edit: (editing: Editing) => void;
  remove: ReturnType<typeof useFeedback>['attempt'];
  reload: () => void;
}

function DepartmentCard({ department, actions }: { department: TreeDepartment; actions: TreeActions }) {
  return (
    <Card>
      <DepartmentSection department={department} actions={actions} level={0} />
    </Card>
  );
}

function DepartmentSection({
  department,
  actions,
  level,
}: {
  department: TreeDepartment;
  actions: TreeActions;
  level: number;
}) {
  const { canEdit, edit, remove, reload } = actions;
  const Heading = level === 0 ? 'h2' : 'h3';
  return (
    <section
      aria-label={department.name}
      className={level > 0 ? 'ml-4 border-l border-neutral-200 pl-4' : ''}
    >
      <div className="flex items-center gap-3 px-5 py-3">
        <Building2 className="size-4 text-neutral-500" aria-hidden="true" />
        <Heading className="font-semibold text-neutral-900">{department.name}</Heading>
        <Badge>{plural(department.positions.length, 'position')}</Badge>
        {canEdit && (
          <div className="ml-auto">
            <RowMenu label={`Actions for ${department.name}`}>
              <MenuItem onSelect={() => edit({ kind: 'position', departmentId: department.id })}>
                Add position
              </MenuItem>
              <MenuItem onSelect={() => edit({ kind: 'department', parentId: department.id })}>
                Add sub-department
              </MenuItem>
              <MenuItem onSelect={() => edit({ kind: 'department', department })}>Rename or move</MenuItem>
              <MenuItem
                onSelect={() =>
                  remove(async () => {
                    await hierarchyApi.deleteDepartment(department.id);
                    reload();
                    return `${department.name} is deleted.`;
                  })
                }
              >
                Delete
              </MenuItem>
            </RowMenu>
          </div>
        )}
      </div>
      {department.positions.length > 0 && (
        <PositionList positions={department.positions} parentId={null} actions={actions} />
      )}
      {department.children.map((child) => (
        <DepartmentSection key={child.id} department={child} actions={actions} level={level + 1} />
      ))}
    </section>
  );
}

/** The positions under `parentId` (top ones: those whose parent is elsewhere or none), nested by reporting line. */
function PositionList({
  positions,
  parentId,
  actions,
}: {
  positions: TreePosition[];
  parentId: string | null;
  actions: TreeActions;
}) {
  const ids = new Set(positions.map((position) => position.id));
  const level = positions.filter((position) =>
    parentId === null
      ? position.parentId === null || !ids.has(position.parentId)
      : position.parentId === parentId,
  );
  if (level.length === 0) return null;
  return (
    <ul className={parentId === null ? 'border-t border-neutral-100' : 'ml-6 border-l border-neutral-200'}>
      {level.map((position) => (
        <li key={position.id}>
          <PositionRow position={position} actions={actions} />
          <PositionList positions={positions} parentId={position.id} actions={actions} />
        </li>
      ))}
    </ul>
  );
}

function PositionRow({ position, actions }: { position: TreePosition; actions: TreeActions }) {
  const { canEdit, names, edit, remove, reload } = actions;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-2.5 text-sm">
      <span className="font-medium text-neutral-900">{position.title}</span>
      {position.occupants.length === 0 ? (
        <Badge tone="amber">Vacant</Badge>
      ) : (
        position.occupants.map((occupant) => (
          <span key={occupant.assignmentId} className="text-neutral-700">
            {occupant.name}
            {occupant.reportsToId && (
              <span className="text-neutral-500">
                {' '}
                · reports to {names.get(occupant.reportsToId) ?? 'someone else'}
              </span>
            )}
          </span>
        ))
      )}
      {canEdit && (
        <div className="ml-auto">
          <RowMenu label={`Actions for ${position.title}`}>
            <MenuItem onSelect={() => edit({ kind: 'assign', position })}>Assign someone</MenuItem>
            <MenuItem
              onSelect={() => edit({ kind: 'position', departmentId: position.departmentId, position })}
            >
              Rename or move
            </MenuItem>
            {position.occupants.map((occupant) => (
              <MenuItem
                key={occupant.assignmentId}
                onSelect={() =>
                  edit({
                    kind: 'end',
                    title: `End ${occupant.name} as ${position.title}`,
                    description: 'The assignment stays in the history; flows use it for the days before.',
                    submitLabel: 'End assignment',
                    end: (validTo) => hierarchyApi.endPositionAssignment(occupant.assignmentId, validTo),
                  })
                }
              >
                End {occupant.name}’s assignment
              </MenuItem>
            ))}
            <MenuItem
              onSelect={() =>
                edit({
                  kind: 'end',
                  title: `Close ${position.title}`,
                  description:
                    'Whoever holds it stops that day and nobody can hold it after; its history stays for the days before.',
                  submitLabel: 'Close position',
                  end: (validTo) => hierarchyApi.closePosition(position.id, validTo),
                })
              }
            >
              Close
            </MenuItem>
            <MenuItem
              onSelect={() =>
                remove(async () => {
                  await hierarchyApi.deletePosition(position.id);
                  reload();
                  return `${position.title} is deleted.`;
                })
              }
            >
              Delete
            </MenuItem>
          </RowMenu>
        </div>
      )}
    </div>
  );
}

function RoleRow({ role, at, actions }: { role: OrgRole; at: string | undefined; actions: TreeActions }) {
  const members = useApi(`roleMembers|${role.id}|${at ?? 'now'}`, (signal) =>
    hierarchyApi.listOrgRoleMembers(role.id, signal, at),
  );
  const { canEdit, edit } = actions;
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3 text-sm">
      <span className="font-medium text-neutral-900">{role.name}</span>
      {role.description && <span className="text-neutral-500">{role.description}</span>}
      <span className="text-neutral-700">
        {members.data
          ? members.data.items.length === 0
            ? 'Nobody'
            : members.data.items.map((member) => member.user.name).join(', ')
          : members.error !== undefined
            ? 'Members could not be loaded'
            : 'Loading…'}
      </span>
      {canEdit && (
        <div className="ml-auto">
          <RowMenu label={`Actions for ${role.name}`}>
            <MenuItem onSelect={() => edit({ kind: 'roleMember', role })}>Add member</MenuItem>
            {members.data?.items.map((member) => (
              <MenuItem
                key={member.assignmentId}
                onSelect={() =>
                  edit({
                    kind: 'end',
                    title: `End ${member.user.name} as ${role.name}`,
                    description: 'The membership stays in the history; flows use it for the days before.',
                    submitLabel: 'End membership',
                    end: (validTo) => hierarchyApi.endOrgRoleAssignment(member.assignmentId, validTo),
                  })
                }
              >
                End {member.user.name}’s membership
              </MenuItem>
            ))}
          </RowMenu>
        </div>
      )}
    </li>
  );
}

function EditDialog({
  editing,
  departments,
  positions,
  onClose,
  onDone,
}: {
  editing: NonNullable<Editing>;
  departments: (Choice & { path: string[] })[];
  positions: (Choice & { path: string[] })[];
  onClose: () => void;
  onDone: (message: string) => void;
}): ReactNode {
  const props = { onClose, onDone };
  switch (editing.kind) {
    // Nothing moves into itself or below itself.
    case 'department':
      return (
        <DepartmentDialog
          {...props}
          department={editing.department}
          parentId={editing.parentId}
          departments={outside(departments, editing.department?.id)}
        />
      );
    case 'position':
      return (
        <PositionDialog
          {...props}
          position={editing.position}
          departmentId={editing.departmentId}
          departments={departments}
          positions={outside(positions, editing.position?.id)}
        />
      );
    case 'assign':
      return <AssignPersonDialog {...props} position={editing.position} />;
    case 'end':
      return <EndDialog {...props} {...editing} />;
    case 'role':
      return <OrgRoleDialog {...props} />;
    case 'roleMember':
      return <AssignRoleDialog {...props} role={editing.role} />;
  }
}

const outside = <T extends { path: string[] }>(choices: T[], id: string | undefined) =>
  id ? choices.filter((choice) => !choice.path.includes(id)) : choices;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Every department as a choice labelled by its path ("Company › Sales › North"), with the ids on that path. */
function departmentChoices(
  departments: TreeDepartment[],
  path: TreeDepartment[] = [],
): (Choice & { path: string[] })[] {
  return departments.flatMap((department) => {
    const here = [...path, department];
    return [
      {
        id: department.id,
        label: here.map((item) => item.name).join(' › '),
        path: here.map((item) => item.id),
      },
      ...departmentChoices(department.children, here),
    ];
  });
}

/** Every position as a choice ("Sales lead · Company › Sales"), with the ids of the positions above it. */
function positionChoices(departments: TreeDepartment[]): (Choice & { path: string[] })[] {
  const all = departmentChoices(departments).flatMap((choice) => {
    const department = findDepartment(departments, choice.id);
    return (department?.positions ?? []).map((position) => ({ position, where: choice.label }));
  });
  const parentOf = new Map(all.map(({ position }) => [position.id, position.parentId]));
  const chain = (id: string) => {
    const ids: string[] = [];
    for (let at: string | null | undefined = id; at && !ids.includes(at); at = parentOf.get(at)) ids.push(at);
    return ids;
  };
  return all.map(({ position, where }) => ({
    id: position.id,
    label: `${position.title} · ${where}`,
    path: chain(position.id),
  }));
}

function findDepartment(departments: TreeDepartment[], id: string): TreeDepartment | undefined {
  for (const department of departments) {
    if (department.id === id) return department;
    const found = findDepartment(department.children, id);
    if (found) return found;
  }
  return undefined;
}

function occupantNames(departments: TreeDepartment[]): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (department: TreeDepartment) => {
    for (const position of department.positions)
      for (const occupant of position.occupants) names.set(occupant.id, occupant.name);
    department.children.forEach(visit);
  };
  departments.forEach(visit);
  return names;
}

/** The departments with what matches the search: a matching department whole, else its matching positions. */
function filterTree(departments: TreeDepartment[], q: string): TreeDepartment[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return departments;
  const matches = (text: string) => text.toLowerCase().includes(needle);
  return departments.flatMap((department) => {
    if (matches(department.name)) return [department];
    const positions = department.positions.filter(
      (position) => matches(position.title) || position.occupants.some((occupant) => matches(occupant.name)),
    );
    const children = filterTree(department.children, q);
    return positions.length > 0 || children.length > 0 ? [{ ...department, positions, children }] : [];
  });
}
