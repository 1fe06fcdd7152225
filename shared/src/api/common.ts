import { z } from 'zod';

export const listQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const idParamsSchema = z.object({ id: z.uuid() });

// Emails are compared case-insensitively; store them lower-cased.
export const emailSchema = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());

export const nameSchema = z.string().trim().min(1).max(200);

// Any characters and any length people choose (argon2 takes long input); only a floor for new ones.
export const newPasswordSchema = z.string().min(8, 'Use at least 8 characters.').max(4096);
export const passwordSchema = z.string().min(1).max(4096);

export const userRefSchema = z.object({ id: z.uuid(), name: z.string() });
