// System roles (what a user may do in the product), distinct from company roles in the hierarchy.
export const roles = ['admin', 'developer', 'reviewer', 'employee'] as const;
export type Role = (typeof roles)[number];

export function hasAnyRole(userRoles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.some((role) => userRoles.includes(role));
}

// Builder documents: developers and admins build, reviewers read what is being built, employees never see
// them. The API's document routes and the collab server both apply this.
export const documentWriterRoles = ['developer', 'admin'] as const satisfies readonly Role[];
export const documentReaderRoles = [...documentWriterRoles, 'reviewer'] as const satisfies readonly Role[];
export type DocumentAccess = 'write' | 'read';

export function documentAccessFor(userRoles: readonly Role[]): DocumentAccess | null {
  if (hasAnyRole(userRoles, documentWriterRoles)) return 'write';
  return hasAnyRole(userRoles, documentReaderRoles) ? 'read' : null;
}
