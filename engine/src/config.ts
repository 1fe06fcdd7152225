import { logLevelVar, parseEnv, postgresUrlVar } from '@erp/shared';
import { z } from 'zod';

const engineConfigSchema = z.object({
  DATABASE_URL: postgresUrlVar,
  LOG_LEVEL: logLevelVar,
});

export type EngineConfig = z.infer<typeof engineConfigSchema>;

export function loadEngineConfig(env: Record<string, string | undefined> = process.env): EngineConfig {
  return parseEnv(engineConfigSchema, env);
}
