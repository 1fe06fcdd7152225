import { z } from 'zod';
import { roleSchema } from './auth';
import { emailSchema, listQuerySchema, nameSchema, newPasswordSchema } from './common';

export const createUserInputSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  roles: z.array(roleSchema).min(1).max(4),
});

// strict: a field a caller may not set is rejected, never silently ignored.
export const updateUserInputSchema = z
  .object({
    name: nameSchema,
    roles: z.array(roleSchema).min(1).max(4),
    disabled: z.boolean(),
    password: newPasswordSchema,
  })
  .partial()
  .strict();

export const listUsersQuerySchema = listQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
});

export type CreateUserInput = z.infer<typeof createUserInputSchema>;
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;
