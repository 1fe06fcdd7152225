import type { TreeDepartment } from '@erp/shared/api/hierarchy';
import { getHierarchyTree, listOrgRoles } from '../../../../api/hierarchy';
import { useApi } from '../../../../api/use-api';
import { listDirectory } from '../../../../api/users';

export interface Choice {
  id: string;
  label: string;
}

/** People, company roles and positions for the assignment pickers. */
export function useOrgOptions() {
  const people = useApi('directory', (signal) => listDirectory({ limit: 200 }, signal));
  const roles = useApi('orgRoles', (signal) => listOrgRoles(signal));
  const tree = useApi('hierarchyTree', (signal) => getHierarchyTree(signal));
  return {
    people: people.data?.items.map((person) => ({
      id: person.id,
      label: `${person.name} (${person.email})`,
    })),
    roles: roles.data?.items.map((role) => ({ id: role.id, label: role.name })),
    positions: tree.data
      ? tree.data.departments.flatMap((department) => positionsOf(department, []))
      : undefined,
    // The company structure is admin-only today: developers who are not admins see why the list is empty.
    structureError: roles.error ?? tree.error,
    peopleError: people.error,
  };
}

function positionsOf(department: TreeDepartment, path: string[]): Choice[] {
  const here = [...path, department.name];
  return [
    ...department.positions.map((position) => ({
      id: position.id,
      label: `${position.title} · ${here.join(' › ')}`,
    })),
    ...department.children.flatMap((child) => positionsOf(child, here)),
  ];
}
