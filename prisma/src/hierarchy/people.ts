import type { Person } from '@erp/shared';
import type { User } from '../generated/client';

/** What colleagues see of each other (pickers, assignees, managers). */
export function toPersonView(user: Pick<User, 'id' | 'name' | 'email'>): Person {
  return { id: user.id, name: user.name, email: user.email };
}

/** A dated assignment's period as ISO strings (`validTo` exclusive, null while it lasts). */
export function toPeriodView(row: { validFrom: Date; validTo: Date | null }) {
  return { validFrom: row.validFrom.toISOString(), validTo: row.validTo?.toISOString() ?? null };
}
