import { createHash } from 'node:crypto';
import { type FileMeta, fileMetaSelect, storeFile } from '@erp/prisma';
import { AppError, formatBytes, type StoredFileView, sanitizeFileName } from '@erp/shared';
import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { sendDownload } from '../../http/download';
import type { SessionUser } from '../../http/session';
import { recordAudit } from '../audit/audit.service';
import { visibleInstanceWhere } from '../flows/task-access';
import { openTable } from '../records/records.service';
import { sniffContentType } from './sniff';

// Uploads (DESIGN.md, "Uploads"): the body is read as it arrives and cut off at UPLOAD_MAX_BYTES; the type is
// sniffed from the bytes; downloads are attachments that no browser renders in our origin. Who may read a file:
// its uploader, and once attached whoever may see its flow instance or read its table; anyone else gets 404.

const notFound = () => new AppError('not_found', 'No file has this id.');

export function toFileView(file: FileMeta): StoredFileView {
  return {
    id: file.id,
    name: file.name,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
    attached: file.attachedAt !== null,
  };
}

function tooLarge(deps: AppDeps, res: Response): AppError {
  // The connection closes once the answer is out, so the sender stops.
  res.setHeader('Connection', 'close');
  return new AppError(
    'payload_too_large',
    `The file is larger than the ${formatBytes(deps.config.UPLOAD_MAX_BYTES)} allowed.`,
  );
}

// Events, not `for await`: leaving an async iterator destroys the request and its socket before the 413 is
// written. Past the cap, what still arrives is read and dropped — up to another cap, then the socket is cut —
// so the sender reads the answer instead of a connection reset.
function readCapped(deps: AppDeps, req: Request, res: Response): Promise<Buffer> {
  const max = deps.config.UPLOAD_MAX_BYTES;
  if (Number(req.headers['content-length'] ?? 0) > max) return Promise.reject(tooLarge(deps, res));
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let isOver = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (isOver) {
        if (size > 2 * max) req.socket.destroy();
      } else if (size > max) {
        isOver = true;
        chunks = [];
        reject(tooLarge(deps, res));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new AppError('invalid_input', 'The upload was interrupted.'));
    });
  });
}

export async function uploadFile(
  deps: AppDeps,
  user: SessionUser,
  rawName: string,
  req: Request,
  res: Response,
): Promise<StoredFileView> {
  if (!req.is('application/octet-stream')) {
    throw new AppError('unsupported_media_type', 'Send the file’s bytes as application/octet-stream.');
  }
  const name = sanitizeFileName(rawName);
  const bytes = await readCapped(deps, req, res);
  const contentType = sniffContentType(name, bytes);
  const file = await deps.prisma.$transaction(async (tx) => {
    const stored = await storeFile(tx, {
      uploaderId: user.id,
      name,
      contentType,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>,
    });
    const { id, size, sha256 } = stored;
    await recordAudit(tx, {
      actorId: user.id,
      action: 'file.uploaded',
      targetType: 'file',
      targetId: id,
      details: { name, contentType, size, sha256 },
    });
    return stored;
  });
  return toFileView(file);
}

/** The files attached to a flow instance (the caller has checked that the user sees it). */
export async function listInstanceFiles(deps: AppDeps, instanceId: string): Promise<StoredFileView[]> {
  const files = await deps.prisma.storedFile.findMany({
    where: { instanceId },
    select: fileMetaSelect,
    orderBy: { createdAt: 'asc' },
  });
  return files.map(toFileView);
}

/** The file's metadata if this user may read it; 404 otherwise (an error while checking denies too). */
async function findReadableFile(deps: AppDeps, user: SessionUser, id: string): Promise<FileMeta> {
  const file = await deps.prisma.storedFile.findUnique({ where: { id }, select: fileMetaSelect });
  if (!file) throw notFound();
  if (file.uploaderId === user.id) return file;
  if (file.instanceId) {
    const visible = await deps.prisma.flowInstance.count({
      where: { AND: [{ id: file.instanceId }, visibleInstanceWhere(user)] },
    });
    if (visible > 0) return file;
  }
  if (file.tableId && (await mayReadTable(deps, user, file.tableId))) return file;
  throw notFound();
}

async function mayReadTable(deps: AppDeps, user: SessionUser, tableId: string): Promise<boolean> {
  try {
    await openTable(deps, user, tableId, 'read');
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

export async function getFileMeta(deps: AppDeps, user: SessionUser, id: string): Promise<StoredFileView> {
  return toFileView(await findReadableFile(deps, user, id));
}

export async function downloadFile(deps: AppDeps, user: SessionUser, id: string, res: Response) {
  const file = await findReadableFile(deps, user, id);
  const content = await deps.prisma.fileContent.findUniqueOrThrow({ where: { fileId: id } });
  sendDownload(res, {
    name: file.name,
    contentType: file.contentType,
    bytes: content.bytes,
    etag: file.sha256,
  });
}
