import { loadApiConfig } from '@erp/api';
import { parseEnv, portVar } from '@erp/shared';
import { z } from 'zod';

const startConfigSchema = z.object({
  // Where the embedded PostgreSQL keeps its cluster (only without DATABASE_URL).
  DATA_DIR: z.string().min(1).default('./.data'),
  // Not 5432: a system PostgreSQL often holds that one.
  EMBEDDED_POSTGRES_PORT: portVar.refine((port) => port > 0, 'must be a fixed port').default(54329),
});

/** `npm start`'s configuration: the API's variables plus the embedded database's. */
export function loadStartConfig(env: Record<string, string | undefined> = process.env) {
  return { ...loadApiConfig(env), ...parseEnv(startConfigSchema, env) };
}
