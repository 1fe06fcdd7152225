import type { Memberships } from '@erp/shared/flows';
import { type SqlRunner, sqlOf } from '../sql';

/** A person's company roles, positions and departments (with every department above them) at `at`. */
export async function findMemberships(
  db: SqlRunner,
  userId: string,
  at: Date = new Date(),
): Promise<Memberships> {
  // One statement: the departments of their seats walked up the tree (UNION ends a cycle where it closes).
  const [row] = await sqlOf(db).query<{ roles: string[]; positions: string[]; departments: string[] }>(
    `WITH RECURSIVE seats AS (
       SELECT a.position_id, p.department_id FROM position_assignments a JOIN positions p ON p.id = a.position_id
       WHERE a.user_id = $1::uuid AND a.valid_from <= $2::timestamptz
         AND (a.valid_to IS NULL OR a.valid_to > $2::timestamptz)),
     above(id) AS (
       SELECT department_id FROM seats
       UNION SELECT d.parent_id FROM departments d JOIN above ON d.id = above.id WHERE d.parent_id IS NOT NULL)
     SELECT
       ARRAY(SELECT a.org_role_id::text FROM org_role_assignments a
             WHERE a.user_id = $1::uuid AND a.valid_from <= $2::timestamptz
               AND (a.valid_to IS NULL OR a.valid_to > $2::timestamptz)) AS roles,
       ARRAY(SELECT position_id::text FROM seats) AS positions,
       ARRAY(SELECT id::text FROM above) AS departments`,
    [userId, at],
  );
  return {
    orgRoleIds: new Set(row?.roles),
    positionIds: new Set(row?.positions),
    departmentIds: new Set(row?.departments),
  };
}
