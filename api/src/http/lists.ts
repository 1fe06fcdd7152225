import { AppError, isStorableDate, textSchema } from '@erp/shared';
import { z } from 'zod';

// What list endpoints share: a literal text search, and keyset paging whose cursor is the sort key of the last
// item sent (opaque base64url JSON).

/**
 * A case-insensitive "contains" filter that takes the text literally. Prisma passes `contains` into LIKE
 * unescaped, so `%` or `_` typed into a search box would otherwise match everything.
 */
export function containsText(text: string) {
  return { contains: text.replace(/[\\%_]/g, (char) => `\\${char}`), mode: 'insensitive' as const };
}

const maxBigint = 2n ** 63n - 1n;

/** The parts cursor keys are made of, each limited to what PostgreSQL accepts: a forged cursor is a 400. */
export const cursorKeys = {
  text: textSchema,
  uuid: z.uuid(),
  timestamp: z.iso.datetime().refine((value) => isStorableDate(new Date(value))),
  bigint: z
    .string()
    .regex(/^\d{1,19}$/)
    .refine((value) => BigInt(value) <= maxBigint),
};

function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key inside a cursor from `encodeCursor`; a cursor of another list or a forged one is a 400. */
export function decodeCursor<T extends z.ZodType>(
  keySchema: T,
  cursor: string | undefined,
): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  const result = keySchema.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!result.success) {
    throw new AppError('invalid_input', 'The cursor is not valid for this list; start from the first page.', {
      issues: [{ path: ['cursor'], message: 'Not a cursor of this list.' }],
    });
  }
  return result.data;
}

/** Rows were fetched with `take: limit + 1`; the extra row only tells whether another page follows. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => unknown,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
