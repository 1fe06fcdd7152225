import { createHash } from 'node:crypto';

// User tables and their columns are named after stable ids, never after what a developer typed: a name or key
// can be anything (`"; drop table users; --`, reserved words, Unicode) and is only ever a label or a parameter.

export const userDataSchema = 'user_data';

const safeIdentifier = /^[a-z][a-z0-9_]{0,62}$/;

/** Quotes a generated identifier; anything but one is a bug, refused before it reaches SQL. */
export function quoteIdent(identifier: string): string {
  if (!safeIdentifier.test(identifier)) throw new Error(`Not a generated identifier: ${identifier}`);
  return `"${identifier}"`;
}

/** The table of a table document: `t_` + its uuid's hex digits. */
export function tableIdent(documentId: string): string {
  return `t_${documentId.replaceAll('-', '').toLowerCase()}`;
}

/** `user_data."t_…"`, ready for SQL. */
export function qualifiedTable(documentId: string): string {
  return `${quoteIdent(userDataSchema)}.${quoteIdent(tableIdent(documentId))}`;
}

// Every list query names each field's column several times: the hashes are kept (ids come from published
// definitions, so there are few; the cap only guards memory).
const columnIdents = new Map<string, string>();
const maxKeptColumnIdents = 50_000;

/** The column of a field: `f_` + 16 hex digits of its id's SHA-256 (field ids allow upper case and `-`). */
export function columnIdent(fieldId: string): string {
  let ident = columnIdents.get(fieldId);
  if (ident === undefined) {
    ident = `f_${createHash('sha256').update(fieldId).digest('hex').slice(0, 16)}`;
    if (columnIdents.size >= maxKeptColumnIdents) columnIdents.clear();
    columnIdents.set(fieldId, ident);
  }
  return ident;
}

/** An index of a field's column; index names are unique per schema, hence the table's part. */
export function indexIdent(documentId: string, fieldId: string, kind: 'u' | 'i'): string {
  return `${tableIdent(documentId)}_${columnIdent(fieldId).slice(2)}_${kind}`;
}
