import { ConfigError } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { loadCollabConfig } from './config';

describe('collab configuration', () => {
  it('has product defaults and needs only DATABASE_URL', () => {
    const config = loadCollabConfig({ DATABASE_URL: 'postgres://localhost/erp' });
    expect(config).toMatchObject({
      PORT: 3001,
      COLLAB_MAX_MESSAGE_BYTES: 4 * 1024 * 1024,
      COLLAB_PERSIST_DELAY_MS: 200,
      LOG_LEVEL: 'info',
    });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadCollabConfig({})).toThrow(
      new ConfigError('DATABASE_URL: Invalid input: expected string, received undefined (not set)'),
    );
    expect(() => loadCollabConfig({ DATABASE_URL: 'postgres://x/y', REDIS_URL: 'http://redis' })).toThrow(
      /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() =>
      loadCollabConfig({ DATABASE_URL: 'postgres://x/y', COLLAB_MAX_MESSAGE_BYTES: '10' }),
    ).toThrow(/^COLLAB_MAX_MESSAGE_BYTES: /);
  });
});
