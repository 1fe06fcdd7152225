import { z } from 'zod';
import { documentKindSchema } from '../ids';
import { listQuerySchema, listResponseSchema, textSchema, userRefSchema } from './common';

// What an entry is about, named for people: its current name (or the name it had, once it is gone), and for a
// document its kind, so the console can link to it while it exists.
const auditTargetSchema = z.object({
  name: z.string().nullable(),
  exists: z.boolean(),
  kind: documentKindSchema.optional(),
});
export type AuditTarget = z.infer<typeof auditTargetSchema>;

export const auditEntrySchema = z.object({
  // A bigint in the database: a string on the wire so no precision is lost.
  id: z.string(),
  at: z.iso.datetime(),
  actor: userRefSchema.nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  target: auditTargetSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const listAuditQuerySchema = listQuerySchema.extend({
  action: textSchema.trim().min(1).max(100).optional(),
  targetType: textSchema.trim().min(1).max(100).optional(),
  targetId: textSchema.trim().min(1).max(200).optional(),
  actorId: z.uuid().optional(),
  // Words in the action, the actor's or the target's name or email.
  q: textSchema.trim().min(1).max(200).optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;
export const auditListSchema = listResponseSchema(auditEntrySchema);

// The hash chain checked from the first row: either all of it holds, or the first row where it breaks
// (head_mismatch: the chain does not end where its signed head says; brokenId is its last row).
export const auditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    brokenId: z.string(),
    reason: z.enum(['hash_mismatch', 'chain_broken', 'head_mismatch']),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
