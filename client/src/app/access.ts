import { documentReaderRoles, documentWriterRoles, hasAnyRole, type Role } from '@erp/shared/roles';

// Who may see what in the client. The API enforces the same rules; these only decide what to show.

// The console is the builder documents' home: whoever may read them (the shared rule the API applies).
export const consoleRoles = documentReaderRoles;
export const adminRoles = ['admin'] as const satisfies readonly Role[];

export const roleInfo = {
  admin: { label: 'Admin', description: 'Manages accounts, settings and the audit log.' },
  developer: { label: 'Developer', description: 'Builds task forms, flows, triggers, tables and datasets.' },
  reviewer: {
    label: 'Reviewer',
    description: 'Reads everything in the console; compares and approves versions.',
  },
  employee: {
    label: 'Employee',
    description: 'Works in the portal: the task inbox and the flows they started.',
  },
} satisfies Record<Role, { label: string; description: string }>;

/** No requirement means every signed-in user. */
export function isAllowed(userRoles: readonly Role[], required: readonly Role[] | undefined): boolean {
  return required === undefined || hasAnyRole(userRoles, required);
}

export function canUseConsole(userRoles: readonly Role[]): boolean {
  return hasAnyRole(userRoles, consoleRoles);
}

export function canEditDocuments(userRoles: readonly Role[]): boolean {
  return hasAnyRole(userRoles, documentWriterRoles);
}

/** Where "/" and a successful sign-in land: the console for builders, the portal for everyone else. */
export function homePath(userRoles: readonly Role[]): string {
  return canUseConsole(userRoles) ? '/console' : '/portal/inbox';
}

/**
 * The `next` a sign-in returns to, only if it is a path in this app: never another origin ("//evil", "https:"),
 * never the auth pages themselves.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  if (/^\/(login|setup)(\/|\?|$)/.test(next)) return null;
  return next;
}
