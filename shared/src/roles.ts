// System roles (what a user may do in the product), distinct from company roles in the hierarchy.
export const roles = ['admin', 'developer', 'reviewer', 'employee'] as const;
export type Role = (typeof roles)[number];

export function hasAnyRole(userRoles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.some((role) => userRoles.includes(role));
}
