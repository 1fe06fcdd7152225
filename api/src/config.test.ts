import { ConfigError } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './config';

describe('api config', () => {
  it('has working defaults', () => {
    expect(loadApiConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      TRUST_PROXY: false,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: .*\(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT: .*\(got "70000"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must be a postgres/],
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
  ])('names the variable in one line for %o', (env, message) => {
    expect(() => loadApiConfig(env)).toThrow(ConfigError);
    expect(() => loadApiConfig(env)).toThrow(message);
  });
});

describe('a wrong value at boot', () => {
  it('stops the process with one clear line naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: 'postgresql://127.0.0.1:1/none' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: PORT: .*\(got "not-a-port"\)$/);
  });
});
