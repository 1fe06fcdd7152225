import { z } from 'zod';

// What PostgreSQL can store. Text and JSONB refuse NUL; a lone UTF-16 surrogate is not Unicode at all (the
// database driver turns it into an error or U+FFFD). Every text that reaches the database is one of these.
const loneSurrogate = /\p{Cs}/u;
export const isStorableText = (text: string) => !text.includes('\u0000') && !loneSurrogate.test(text);
const unstorableTextMessage = 'Contains a character that cannot be stored (NUL or a broken emoji).';

export const textSchema = z.string().refine(isStorableText, { message: unstorableTextMessage, abort: true });

// PostgreSQL has no year 0 and JS dates reach far beyond its timestamps: dates stay within years 1–9999.
export const isStorableDate = (date: Date) =>
  !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;
const storableDate = z.date().refine(isStorableDate, 'Use a date between the years 1 and 9999.');

/** An ISO date ("2026-03-01", midnight UTC) or date-time with an offset; nothing else is guessed at. */
export const dateInputSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .pipe(z.coerce.date())
  .pipe(storableDate);

// Free-form JSON (imported documents, details) is stored as JSONB: storable strings (keys too) and a nesting
// depth that no real document needs but every recursive reader can survive.
export const maxJsonDepth = 64;
export const jsonInputSchema = z.unknown().superRefine((value, ctx) => {
  const problem = findJsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

function findJsonProblem(root: unknown): { message: string; path: (string | number)[] } | null {
  // Iterative on purpose: a recursive walk would overflow the stack on the input it exists to refuse.
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (path.length > maxJsonDepth) return { message: `Nested deeper than ${maxJsonDepth} levels.`, path };
    if (typeof value === 'string' && !isStorableText(value)) return { message: unstorableTextMessage, path };
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (!isStorableText(key)) return { message: unstorableTextMessage, path };
      pending.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
    }
  }
  return null;
}

export const listQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const searchQuerySchema = textSchema.trim().max(200).optional();

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const idParamsSchema = z.strictObject({ id: z.uuid() });

// Emails are compared case-insensitively; store them lower-cased.
export const emailSchema = textSchema
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());

export const nameSchema = textSchema.trim().min(1).max(200);

// Any characters and any length people choose (argon2 takes long input, and a password is never stored);
// only a floor for new ones.
export const newPasswordSchema = z.string().min(8, 'Use at least 8 characters.').max(4096);
export const passwordSchema = z.string().min(1).max(4096);

export const userRefSchema = z.object({ id: z.uuid(), name: z.string() });
