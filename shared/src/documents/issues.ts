import type { z } from 'zod';
import { describeLocation, describeZodIssue } from '../issue-text';

export interface DocumentIssue {
  /** Through entity ids, for code to follow: ['fields', '<id>', 'label']. */
  path: string[];
  /** A sentence for people about what is wrong and how to fix it. */
  message: string;
  /** Where, for people: `Field “Start date” › Option 2`; empty for the document itself. */
  where?: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: DocumentIssue[] };

/**
 * Turns zod issues into paths the console can follow. An index into a list of entities becomes the entity's
 * id (`['fields', '<id>', 'key']`), because positions shift under concurrent edits while ids stay.
 */
export function toDocumentIssues(error: z.ZodError, input: unknown): DocumentIssue[] {
  return error.issues.map((issue) => ({
    path: toStablePath(issue.path, input),
    message: issue.message,
    where: describeLocation(issue.path, input),
  }));
}

function toStablePath(path: readonly PropertyKey[], input: unknown): string[] {
  const stable: string[] = [];
  let current: unknown = input;
  for (const segment of path) {
    const child = lookup(current, segment);
    const id = Array.isArray(current) ? (child as { id?: unknown } | undefined)?.id : undefined;
    stable.push(typeof id === 'string' ? id : String(segment));
    current = child;
  }
  return stable;
}

function lookup(value: unknown, segment: PropertyKey): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof segment === 'string' &&
    Object.hasOwn(value, segment)
  ) {
    return (value as Record<string, unknown>)[segment];
  }
  return undefined;
}

/** Parses a snapshot with a document schema; failures come back as issues with stable paths. */
export function validateSnapshot<T>(schema: z.ZodType<T>, json: unknown): ValidationResult<T> {
  const result = schema.safeParse(json, { error: describeZodIssue });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toDocumentIssues(result.error, json) };
}
