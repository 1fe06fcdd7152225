import { z } from 'zod';

export const documentKinds = ['taskForm', 'flow', 'trigger', 'table', 'dataset'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentKindSchema = z.enum(documentKinds);
/** What each kind is called in a sentence. */
export const documentKindNames = {
  taskForm: 'task form',
  flow: 'flow',
  trigger: 'trigger',
  table: 'table',
  dataset: 'dataset',
} satisfies Record<DocumentKind, string>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The only way to name a document on the collab wire: `<kind>:<uuid>`. */
export function toDocumentName(kind: DocumentKind, id: string): string {
  return `${kind}:${id}`;
}

/** Strict inverse of toDocumentName; anything else (other case, extra bytes, traversal) is null. */
export function parseDocumentName(name: string): { kind: DocumentKind; id: string } | null {
  if (name.length > 64) return null;
  const separator = name.indexOf(':');
  if (separator < 0) return null;
  const kind = name.slice(0, separator);
  const id = name.slice(separator + 1);
  if (!(documentKinds as readonly string[]).includes(kind) || !uuidPattern.test(id)) return null;
  return { kind: kind as DocumentKind, id };
}
