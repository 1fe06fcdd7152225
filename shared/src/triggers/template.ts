import { z } from 'zod';
import { readFieldPath } from '../conditions/paths';

// `{{ path }}` placeholders, filled from the event. Only field paths are allowed inside the braces: a template
// is text with holes, never an expression.
const placeholderPattern = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

export interface RenderedText {
  text: string;
  /** Placeholders whose path the event does not have (rendered as nothing). */
  missing: string[];
}

/** Every placeholder path of a template, in order. */
export function listPlaceholders(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((match) => match[1] ?? '');
}

/** Fills a template's placeholders with the event's values as text (objects and lists as JSON). */
export function renderTemplate(
  template: string,
  context: unknown,
  encode: (value: string) => string = (value) => value,
): RenderedText {
  const missing: string[] = [];
  const text = template.replace(placeholderPattern, (_match, path: string) => {
    const value = readFieldPath(context, path);
    if (value === undefined || value === null) {
      missing.push(path);
      return '';
    }
    return encode(formatValue(value));
  });
  return { text, missing };
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Text as a JSON string's inside (for webhook body templates that put a placeholder within quotes). */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** True when a header value would start a new header line (mail or HTTP). */
export function hasLineBreak(value: string): boolean {
  return /[\r\n]/.test(value);
}

const emailAddressSchema = z.email().max(320);
const uuidSchema = z.uuid();
/** A value found in an event that names a mail recipient: an address, or a user id. */
export function classifyRecipientValue(value: unknown): 'email' | 'userId' | null {
  if (emailAddressSchema.safeParse(value).success) return 'email';
  return uuidSchema.safeParse(value).success ? 'userId' : null;
}
