import { randomUUID } from 'node:crypto';
import {
  collabHeartbeatMs,
  type DraftCommandResult,
  draftCommandChannel,
  listenForNotifications,
  type PrismaClient,
} from '@erp/prisma';
import { AppError, type DocumentKind, type DraftChannel } from '@erp/shared';
import type { Logger } from 'pino';

// Serves the api's draft commands when the api runs in another process (docs/decisions/0001; the api side is
// createPostgresDraftChannel in @erp/prisma): flushes are acknowledged by every live collab process, a replace
// is claimed and applied by one. A heartbeat row tells the api which processes it waits for.

export interface DraftCommandServer {
  close(): Promise<void>;
}

// Commands the api still waits for are seconds old; older ones were abandoned.
const pendingWithinMs = 60_000;

export function serveDraftCommands(options: {
  databaseUrl: string;
  prisma: PrismaClient;
  drafts: DraftChannel;
  logger: Logger;
}): DraftCommandServer {
  const { prisma, drafts, logger } = options;
  const processId = randomUUID();

  const beat = () =>
    prisma.collabProcess
      .upsert({
        where: { id: processId },
        create: { id: processId, heartbeatAt: new Date() },
        update: { heartbeatAt: new Date() },
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'collab heartbeat not written'));
  const heartbeat = setInterval(() => void beat(), collabHeartbeatMs);
  heartbeat.unref();

  const handle = async (commandId: string) => {
    const command = await prisma.collabCommand.findUnique({ where: { id: commandId } });
    if (!command) return;
    if (command.type === 'flush') {
      await drafts.flush(command.documentId);
      await prisma.$executeRaw`
        UPDATE collab_commands SET acked_by = array_append(acked_by, ${processId}::uuid)
        WHERE id = ${commandId}::uuid AND ${processId}::uuid <> ALL (coalesce(acked_by, '{}'))`;
      return;
    }
    const claimed = await prisma.collabCommand.updateMany({
      where: { id: commandId, claimedBy: null },
      data: { claimedBy: processId },
    });
    if (claimed.count === 0) return;
    const payload = command.payload as { kind: DocumentKind; content: unknown; userId: string };
    const result: DraftCommandResult = await drafts
      .replace({ documentId: command.documentId, ...payload })
      .then((changed) => ({ changed }))
      .catch((error: unknown) => ({
        error:
          error instanceof AppError
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: 'The draft could not be replaced.' },
      }));
    await prisma.collabCommand.update({ where: { id: commandId }, data: { result } });
  };

  const run = (commandId: string) =>
    handle(commandId).catch((error: unknown) =>
      logger.warn({ err: error, commandId }, 'draft command failed'),
    );

  // Notifications sent while LISTEN was down are gone: answer what is still waiting.
  const runPending = async () => {
    const pending = await prisma.collabCommand.findMany({
      where: {
        createdAt: { gt: new Date(Date.now() - pendingWithinMs) },
        OR: [
          { type: 'flush', NOT: { ackedBy: { has: processId } } },
          { type: 'replace', claimedBy: null },
        ],
      },
      select: { id: true },
    });
    await Promise.all(pending.map((command) => run(command.id)));
  };

  const listener = listenForNotifications({
    connectionString: options.databaseUrl,
    channel: draftCommandChannel,
    onNotification: (commandId) => {
      if (commandId) void run(commandId);
    },
    onListening: () => {
      void beat().then(runPending);
    },
    onError: (error) => logger.warn({ err: error }, 'collab draft-command listener lost; reconnecting'),
  });

  return {
    async close() {
      clearInterval(heartbeat);
      await listener.close();
      await prisma.collabProcess.deleteMany({ where: { id: processId } }).catch(() => {});
    },
  };
}
