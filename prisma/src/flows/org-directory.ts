import type { OrgDirectory } from '@erp/shared/flows';
import { findManager, listPositionMembers, listRoleMembers } from '../hierarchy/hierarchy-queries';
import { type SqlRunner, sqlOf } from '../sql';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The company structure as of `at`, read inside the transaction that creates the tasks it assigns. */
export function createOrgDirectory(db: SqlRunner, at: Date): OrgDirectory {
  return {
    managerOf: async (userId) => (await findManager(db, userId, at)).manager?.id ?? null,
    membersOfRole: async (orgRoleId) =>
      (await listRoleMembers(db, orgRoleId, at)).map((member) => member.user.id),
    holdersOfPosition: async (positionId) =>
      (await listPositionMembers(db, positionId, at)).map((member) => member.user.id),
    // A field value can hold anything: only a uuid can name an account (and reach the uuid column).
    isActiveUser: async (userId) =>
      uuidPattern.test(userId) &&
      (await sqlOf(db).query('SELECT 1 FROM users WHERE id = $1::uuid AND disabled_at IS NULL', [userId]))
        .length === 1,
  };
}
