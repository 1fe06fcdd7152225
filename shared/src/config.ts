import type { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses environment variables with a server's zod schema. The first problem becomes one line that names the
 * variable, e.g. `PORT: Too big: expected number to be <=65535 (got "70000")`.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const value = env[variable];
  const shown =
    value === undefined
      ? 'not set'
      : `got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid'} (${shown})`);
}
