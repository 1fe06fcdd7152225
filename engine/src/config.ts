import {
  logLevelVar,
  parseEnv,
  postgresUrlVar,
  providerClientVars,
  providerUrlVars,
  secretsKeyVar,
} from '@erp/shared';
import { z } from 'zod';

// What trigger actions need from the environment; `npm start` reads the same variables.
const triggerConfigShape = {
  // Mail goes out through this server (smtp://user:pass@host:port, smtps://…); without it, to the outbox.
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z
    .string()
    .min(3)
    .max(320)
    .regex(/^[^\r\n]*$/, 'must be one line')
    .default('ERP Builder <no-reply@localhost>'),
  // Internal hosts or IPs outgoing HTTP may reach anyway (comma-separated; empty by default).
  OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    ),
  SECRETS_KEY: secretsKeyVar,
  // A report (the sendReport action) is cancelled after this long, as the api cancels a dataset's query.
  DATASET_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  // Connections' providers: where to refresh tokens and call the APIs (real hosts by default).
  ...providerUrlVars,
  ...providerClientVars,
};

const engineConfigSchema = z.object({
  DATABASE_URL: postgresUrlVar,
  LOG_LEVEL: logLevelVar,
  ...triggerConfigShape,
});

export type EngineConfig = z.infer<typeof engineConfigSchema>;
export type TriggerConfig = z.infer<z.ZodObject<typeof triggerConfigShape>>;

export function loadEngineConfig(env: Record<string, string | undefined> = process.env): EngineConfig {
  return parseEnv(engineConfigSchema, env);
}

export function loadTriggerConfig(env: Record<string, string | undefined> = process.env): TriggerConfig {
  return parseEnv(z.object(triggerConfigShape), env);
}
