import { z } from 'zod';

// What the collab server tells a client about the document it edits, as a Hocuspocus stateless message, before
// it closes or downgrades that connection. Both sides parse with these schemas.

const actorSchema = z.object({ id: z.uuid(), name: z.string() });

export const collabNoticeSchema = z.discriminatedUnion('type', [
  // Someone archived or deleted the document: the connection closes and no later edit is stored.
  z.object({
    type: z.literal('documentRemoved'),
    reason: z.enum(['archived', 'deleted']),
    by: actorSchema.nullable(),
  }),
  // The user's roles changed: 'read' keeps the connection read-only, 'none' closes it, 'write' lifts read-only.
  z.object({ type: z.literal('accessChanged'), access: z.enum(['read', 'write', 'none']) }),
]);
export type CollabNotice = z.infer<typeof collabNoticeSchema>;

/** A stateless payload as a notice, or null for anything else (other stateless messages, garbage). */
export function parseCollabNotice(payload: string): CollabNotice | null {
  try {
    const result = collabNoticeSchema.safeParse(JSON.parse(payload));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

// What the API tells every collab process (PostgreSQL NOTIFY on `collabEventChannel`, sent in the transaction
// of the change, so it arrives only if the change committed).
export const collabEventChannel = 'erp_collab_event';
export const collabEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('documentRemoved'),
    documentId: z.uuid(),
    reason: z.enum(['archived', 'deleted']),
    by: actorSchema.nullable(),
  }),
  z.object({ type: z.literal('userAccessChanged'), userId: z.uuid() }),
]);
export type CollabEvent = z.infer<typeof collabEventSchema>;
