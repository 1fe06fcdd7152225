import type { Prisma } from '@erp/prisma';
import { AppError, type DocumentKind, documentKindNames, validateDocument } from '@erp/shared';

const maxContentBytes = 1024 * 1024;

/**
 * Checks `content` of an import against the kind's published schema (older schema versions are upgraded)
 * before it is stored as the document's initial content; the collab server seeds the Y.Doc from it.
 */
export function validateImportedContent(
  kind: DocumentKind,
  content: unknown,
): Prisma.InputJsonObject | undefined {
  if (content === undefined) return undefined;
  if (Buffer.byteLength(JSON.stringify(content) ?? '') > maxContentBytes) {
    throw new AppError('payload_too_large', 'Imported content may be at most 1 MiB.');
  }
  const result = validateDocument(kind, content);
  if (!result.ok) {
    throw new AppError('validation_failed', `The content is not a valid ${documentKindNames[kind]}.`, {
      issues: result.issues.map((issue) => ({ ...issue, path: ['content', ...issue.path] })),
    });
  }
  return result.value as unknown as Prisma.InputJsonObject;
}
