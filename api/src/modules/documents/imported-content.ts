import type { Prisma } from '@erp/prisma';
import { AppError, type DocumentKind } from '@erp/shared';

const maxContentBytes = 1024 * 1024;

/**
 * Checks `content` of an import before it is stored as the document's initial content (the collab server seeds
 * the Y.Doc from it). The kinds' published schemas are still being written in @erp/shared/documents: once
 * `validateDocument(kind, json)` is exported there, call it here — this is the one place to switch over.
 * Until then: a JSON object of at most 1 MiB.
 */
export function validateImportedContent(
  kind: DocumentKind,
  content: unknown,
): Prisma.InputJsonObject | undefined {
  if (content === undefined) return undefined;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    const message = `Imported content must be a JSON object: a ${kind} snapshot in its published schema.`;
    throw new AppError('validation_failed', message, { issues: [{ path: ['content'], message }] });
  }
  if (Buffer.byteLength(JSON.stringify(content)) > maxContentBytes) {
    throw new AppError('payload_too_large', 'Imported content may be at most 1 MiB.');
  }
  return content as Prisma.InputJsonObject;
}
