// What each audit action means, in words; an action this client does not know yet shows its code.
const actionLabels: Record<string, string> = {
  'auth.setup': 'Set up the installation',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed to sign in',
  'auth.lockout': 'Was locked out after failed sign-ins',
  'auth.logout': 'Signed out',
  'auth.password_check_failed': 'Gave a wrong current password',
  'auth.password_changed': 'Changed their password',
  'user.created': 'Added a user',
  'user.updated': 'Changed a user',
  'document.created': 'Created a document',
  'document.updated': 'Changed a document',
  'document.duplicated': 'Duplicated a document',
  'document.deleted': 'Deleted a document',
  'department.created': 'Added a department',
  'department.updated': 'Changed a department',
  'department.deleted': 'Removed a department',
  'position.created': 'Added a position',
  'position.updated': 'Changed a position',
  'position.deleted': 'Removed a position',
  'org_role.created': 'Added a company role',
  'org_role.updated': 'Changed a company role',
  'org_role.deleted': 'Removed a company role',
  'position_assignment.created': 'Assigned a position',
  'position_assignment.ended': 'Ended a position assignment',
  'org_role_assignment.created': 'Gave a company role',
  'org_role_assignment.ended': 'Ended a company role',
};

export function describeAuditAction(action: string): string {
  return actionLabels[action] ?? action;
}
