import {
  booleanVar,
  logLevelVar,
  parseEnv,
  portVar,
  postgresUrlVar,
  providerClientVars,
  providerUrlVars,
  secretsKeyVar,
  sessionPolicyVars,
  urlVar,
} from '@erp/shared';
import { z } from 'zod';

const apiConfigSchema = z.object({
  PORT: portVar.default(3000),
  // Loopback by default: only this machine reaches it until someone decides otherwise (HOST=0.0.0.0 + PUBLIC_URL).
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrlVar.optional(),
  // The browser-facing origin (https://erp.example.com). Unset: the origin the request was addressed to.
  PUBLIC_URL: urlVar.optional(),
  // Behind a reverse proxy: trust its X-Forwarded-For/-Proto. Off by default so clients cannot spoof their IP.
  TRUST_PROXY: booleanVar.default(false),
  ...sessionPolicyVars,
  // Keys the audit chain (HMAC); never stored in the database. `npm start` generates one into DATA_DIR.
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SECRETS_KEY: secretsKeyVar,
  LOG_LEVEL: logLevelVar,
  // OAuth apps for connections (README: "Connections"); a provider without a client id cannot be connected.
  ...providerUrlVars,
  ...providerClientVars,
  // A dataset query running longer is cancelled (and answered with a message saying so).
  DATASET_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  // How many times a publish tries to make a table version live while long reads hold the table (each try
  // waits 200 ms for its lock, then a growing pause); then it answers 409 and the table stays as it was.
  TABLE_MIGRATION_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  // The largest upload accepted (bytes); a bigger body is cut off with 413 and nothing is stored.
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .default(25 * 1024 ** 2),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return parseEnv(apiConfigSchema, env);
}
