import type { TreeDepartment } from '@erp/shared/api/hierarchy';
import { getHierarchyTree, listOrgRoles } from '../../api/hierarchy';
import { useApi } from '../../api/use-api';
import { listDirectory } from '../../api/users';

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
    departments: tree.data
      ? tree.data.departments.flatMap((department) => departmentsOf(department, []))
      : undefined,
    // Admins and developers read the company structure; anyone else sees why the list is empty.
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

function departmentsOf(department: TreeDepartment, path: string[]): Choice[] {
  const here = [...path, department.name];
  return [
    { id: department.id, label: here.join(' › ') },
    ...department.children.flatMap((child) => departmentsOf(child, here)),
  ];
}
