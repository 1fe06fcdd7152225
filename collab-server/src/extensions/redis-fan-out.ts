import { Redis } from '@hocuspocus/extension-redis';

/**
 * Hocuspocus' Redis extension for what it is here: fan-out of updates and presence between collab servers.
 * Its store lock is switched off: the update log is append-only and safe with any number of writers, and
 * each server stores only the updates its own clients made (see Persistence).
 */
export class RedisFanOut extends Redis {
  constructor(redisUrl: string, prefix: string) {
    super({ ...redisConnection(redisUrl), prefix });
  }

  override async onStoreDocument() {}

  override async afterStoreDocument() {}
}

/** ioredis connection settings from a redis:// or rediss:// URL. */
function redisConnection(redisUrl: string) {
  const url = new URL(redisUrl);
  const database = Number(url.pathname.slice(1));
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    options: {
      username: decodeURIComponent(url.username) || undefined,
      password: decodeURIComponent(url.password) || undefined,
      db: Number.isInteger(database) ? database : 0,
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}
