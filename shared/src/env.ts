import { z } from 'zod';

// Building blocks for each server's config.ts, so every variable is spelled and checked the same way.
export const portVar = z.coerce.number().int().min(0).max(65535);
export const urlVar = z.url();
export const booleanVar = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
export const logLevelVar = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
// The session policy: the API issues sessions with it and the collab server checks them with it.
export const sessionPolicyVars = {
  SESSION_IDLE_DAYS: z.coerce.number().positive().max(365).default(14),
  SESSION_MAX_DAYS: z.coerce.number().positive().max(3650).default(30),
};
export const postgresUrlVar = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
  .pipe(z.url());
// Encrypts secrets at rest (webhook signing keys; AES-256-GCM); never stored in the database. `npm start`
// generates one into DATA_DIR.
export const secretsKeyVar = z.string().min(32, 'must be at least 32 characters').optional();
