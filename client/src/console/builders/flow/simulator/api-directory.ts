import type { OrgDirectory } from '@erp/shared/flows';
import { getManager, listOrgRoleMembers, listPositionMembers } from '../../../../api/hierarchy';

/** The company structure as the simulator sees it: the same API the console uses, as of now. */
export function apiDirectory(activeUserIds: ReadonlySet<string>): OrgDirectory {
  return {
    managerOf: async (userId) => (await getManager(userId)).manager?.id ?? null,
    membersOfRole: async (orgRoleId) =>
      (await listOrgRoleMembers(orgRoleId)).items.map((member) => member.user.id),
    holdersOfPosition: async (positionId) =>
      (await listPositionMembers(positionId)).items.map((member) => member.user.id),
    isActiveUser: (userId) => activeUserIds.has(userId),
  };
}
