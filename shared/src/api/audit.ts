import { z } from 'zod';
import { listQuerySchema, listResponseSchema, textSchema, userRefSchema } from './common';

export const auditEntrySchema = z.object({
  // A bigint in the database: a string on the wire so no precision is lost.
  id: z.string(),
  at: z.iso.datetime(),
  actor: userRefSchema.nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const listAuditQuerySchema = listQuerySchema.extend({
  action: textSchema.trim().min(1).max(100).optional(),
  targetType: textSchema.trim().min(1).max(100).optional(),
  targetId: textSchema.trim().min(1).max(200).optional(),
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
