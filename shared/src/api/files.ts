import { z } from 'zod';
import type { FieldSettings } from '../fields/field-settings';
import { textSchema } from './common';

// Uploaded files (DESIGN.md, "Uploads"): `POST /api/files` stores the bytes, a form or record names the file by
// id, and saving it attaches the file there. The content type is sniffed by the server, never taken on trust.

export const maxFileNameLength = 255;

export const uploadFileQuerySchema = z.strictObject({
  name: textSchema.min(1).max(4096),
});

export const storedFileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.iso.datetime(),
  attached: z.boolean(),
});
export type StoredFileView = z.infer<typeof storedFileSchema>;

/**
 * A name fit to show and to offer as a download name: the last path segment, without control or bidi-override
 * characters, trimmed of dots and spaces, at most 255 characters (keeping the extension); never empty.
 */
export function sanitizeFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).at(-1) ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const chars = [...cleaned];
  if (chars.length === 0) return 'file';
  if (chars.length <= maxFileNameLength) return cleaned;
  const extension = extensionOf(cleaned);
  return chars.slice(0, maxFileNameLength - extension.length).join('') + extension;
}

/** `.pdf` for "Report.PDF" (lower-cased, at most 16 characters after the dot), '' without one. */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,16})$/.exec(name);
  return match?.[1] ? `.${match[1].toLowerCase()}` : '';
}

/** A file field's rules (allowed types, size, count), the same for task forms and tables. */
export type FileRules = NonNullable<FieldSettings<'file'>['validation']>;

/** Whether a file's sniffed type or its extension is one the rules allow (`image/*`, `application/pdf`, `.csv`). */
export function isAllowedFileType(
  file: { name: string; contentType: string },
  allowedTypes: readonly string[] | undefined,
): boolean {
  if (!allowedTypes || allowedTypes.length === 0) return true;
  const extension = extensionOf(file.name);
  return allowedTypes.some((allowed) => {
    if (allowed.startsWith('.')) return allowed.toLowerCase() === extension;
    if (allowed.endsWith('/*')) return file.contentType.startsWith(allowed.slice(0, -1));
    return allowed === file.contentType;
  });
}

/** Why this file does not fit the rules, in words, or null when it does. */
export function fileRuleProblem(
  file: { name: string; contentType: string; size: number },
  rules: FileRules | undefined,
): string | null {
  if (!isAllowedFileType(file, rules?.allowedTypes)) {
    return `“${file.name}” is not one of the allowed types (${rules?.allowedTypes?.join(', ')}).`;
  }
  if (rules?.maxSizeBytes !== undefined && file.size > rules.maxSizeBytes) {
    return `“${file.name}” is larger than ${formatBytes(rules.maxSizeBytes)}.`;
  }
  return null;
}

/** 1.5 MB, 300 KB, 12 bytes. */
export function formatBytes(size: number): string {
  if (size < 1000) return `${size} byte${size === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = size / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}
