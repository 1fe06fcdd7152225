import { logLevelVar, parseEnv, portVar, postgresUrlVar, sessionPolicyVars, urlVar } from '@erp/shared';
import { z } from 'zod';

const mebibyte = 1024 * 1024;

const collabConfigSchema = z.object({
  PORT: portVar.default(3001),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Also the LISTEN connection for session revocations. The one-process start passes its embedded database's.
  DATABASE_URL: postgresUrlVar,
  // Set: documents are shared with every other collab-server on the same Redis.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .pipe(z.url())
    .optional(),
  // The browser-facing origin; browsers' WebSockets must come from it. Unset: the host they connected to.
  PUBLIC_URL: urlVar.optional(),
  COLLAB_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(64 * mebibyte)
    .default(4 * mebibyte),
  // How long an edit may wait in memory before it is written (batched per document). Clients resend what a
  // crashed server had not written, so this bounds write load, not durability.
  COLLAB_PERSIST_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  // Same sliding-session policy as the API, which issues the tokens.
  ...sessionPolicyVars,
  LOG_LEVEL: logLevelVar,
});

export type CollabConfig = z.infer<typeof collabConfigSchema>;

export function loadCollabConfig(env: Record<string, string | undefined> = process.env): CollabConfig {
  return parseEnv(collabConfigSchema, env);
}
