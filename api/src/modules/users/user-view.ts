import type { User as UserRow } from '@erp/prisma';
import type { User } from '@erp/shared';

/** The public view of an account: never the password hash. */
export function toUserView(user: UserRow): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
