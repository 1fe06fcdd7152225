import { AppError, type DraftChannel, type ErrorCode, errorCodes } from '@erp/shared';
import type { PrismaClient } from './generated/client';

// The draft channel across processes (docs/decisions/0001): the api writes a command row and NOTIFYs; every
// collab process LISTENs (collab-server/src/draft-commands.ts). A flush is answered when every live collab
// process acknowledged it; a replace when one process applied it. Silence past the deadline is a 503: a
// publish never reads a draft that may miss an edit its author saw as synced.

export const draftCommandChannel = 'erp_draft_command';
/** A collab process renews its heartbeat this often; one silent for three periods counts as gone. */
export const collabHeartbeatMs = 2_000;
const liveWithinMs = 3 * collabHeartbeatMs;

export type DraftCommandResult = { changed: boolean } | { error: { code: string; message: string } };

export async function listLiveCollabProcesses(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.collabProcess.findMany({
    where: { heartbeatAt: { gt: new Date(Date.now() - liveWithinMs) } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export function createPostgresDraftChannel(
  prisma: PrismaClient,
  options: { timeoutMs?: number; pollMs?: number } = {},
): DraftChannel {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const pollMs = options.pollMs ?? 20;

  // Runs one command: insert, notify, poll until `isAnswered` says so (or the deadline passes), delete.
  const run = async <T>(
    data: { type: 'flush' | 'replace'; documentId: string; payload?: object },
    isAnswered: (row: { ackedBy: string[]; result: unknown }) => Promise<T | undefined>,
  ): Promise<T> => {
    const command = await prisma.collabCommand.create({
      data: { ...data, ackedBy: [] },
      select: { id: true },
    });
    try {
      await prisma.$executeRaw`SELECT pg_notify(${draftCommandChannel}, ${command.id})`;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const row = await prisma.collabCommand.findUniqueOrThrow({
          where: { id: command.id },
          select: { ackedBy: true, result: true },
        });
        const answer = await isAnswered(row);
        if (answer !== undefined) return answer;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      throw new AppError('unavailable', 'The collaboration server did not answer in time; try again.');
    } finally {
      await prisma.collabCommand.delete({ where: { id: command.id } }).catch(() => {});
    }
  };

  return {
    async flush(documentId) {
      // No live collab process holds anything in memory: the stored state is the whole draft.
      if ((await listLiveCollabProcesses(prisma)).length === 0) return;
      await run({ type: 'flush', documentId }, async (row) => {
        const live = await listLiveCollabProcesses(prisma);
        return live.every((id) => row.ackedBy.includes(id)) ? true : undefined;
      });
    },
    async replace({ documentId, kind, content, userId }) {
      if ((await listLiveCollabProcesses(prisma)).length === 0) {
        throw new AppError('unavailable', 'No collaboration server is running to apply this to the draft.');
      }
      const payload = { kind, content: content as object, userId };
      return run({ type: 'replace', documentId, payload }, async (row) => {
        const result = row.result as DraftCommandResult | null;
        if (!result) return undefined;
        if ('changed' in result) return result.changed;
        const code = (errorCodes as string[]).includes(result.error.code)
          ? (result.error.code as ErrorCode)
          : 'internal';
        throw new AppError(code, result.error.message);
      });
    },
  };
}
