import pg from 'pg';
import type { Logger } from 'pino';

// What an in-process cache needs to stay true to the database: a LISTEN connection of its own on the channels
// that announce changes, and a generation that moves with every notification. A value read at generation g may be
// kept only while the generation is still g (the notification of a change committed meanwhile has not been
// missed). Without a listening connection (not yet, or lost) there is no generation, and nothing may be kept:
// a stale answer is worse than a slow one. The connection opens with the first question.

export interface ChangeFeed {
  /** The current generation, or null while changes cannot be heard. */
  generation(): number | null;
  /**
   * Starts a new generation at once, for a change this process made (its notification arrives later): values
   * read before it are not kept.
   */
  advance(): void;
}

export function createChangeFeed(options: {
  connectionString: string | undefined;
  channels: readonly string[];
  logger: Logger;
  /** Names the cache in the log. */
  name: string;
  /** A change was announced (or may have been missed: `channel` null); the generation has already moved. */
  onChange?(channel: string | null, payload: string | undefined): void;
}): ChangeFeed {
  let generation = 0;
  let state: 'idle' | 'connecting' | 'listening' = 'idle';
  // After a lost connection, the next attempt waits a moment (a database that is down is not asked per request).
  let retryAt = 0;

  const changed = (channel: string | null, payload?: string) => {
    generation += 1;
    options.onChange?.(channel, payload);
  };

  // Its own connection, not the pool's: it lives as long as the process and must not hold `pool.end()` back.
  const listen = () => {
    if (state !== 'idle' || !options.connectionString || Date.now() < retryAt) return;
    state = 'connecting';
    const client = new pg.Client({ connectionString: options.connectionString });
    let isLost = false;
    const lost = (error: Error) => {
      if (isLost) return;
      isLost = true;
      options.logger.warn({ message: error.message, cache: options.name }, 'a cache stopped hearing changes');
      changed(null);
      state = 'idle';
      retryAt = Date.now() + 1_000;
      client.end().catch(() => {});
    };
    client.on('error', lost);
    // A terminated backend may end the connection without an error event.
    client.on('end', () => lost(new Error('the connection ended')));
    client.on('notification', (message) => changed(message.channel, message.payload));
    client
      .connect()
      .then(async () => {
        // Neither a test's end nor the process's waits for this socket.
        (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
        await client.query(options.channels.map((channel) => `LISTEN ${channel}`).join('; '));
        // Whatever changed before the LISTEN took effect was not heard.
        changed(null);
        state = 'listening';
      })
      .catch(lost);
  };

  return {
    generation() {
      listen();
      return state === 'listening' ? generation : null;
    },
    advance() {
      generation += 1;
    },
  };
}
