import { z } from 'zod';
import { roleSchema, userSchema } from './auth';
import { emailSchema, listQuerySchema, listResponseSchema, nameSchema, newPasswordSchema } from './common';

const rolesSchema = z
  .array(roleSchema)
  .min(1)
  .max(4)
  .transform((roles) => [...new Set(roles)]);

export const createUserInputSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  roles: rolesSchema,
});

// strict: a field a caller may not set is rejected, never silently ignored.
export const updateUserInputSchema = z
  .object({
    name: nameSchema,
    roles: rolesSchema,
    disabled: z.boolean(),
    password: newPasswordSchema,
  })
  .partial()
  .strict();

export const listUsersQuerySchema = listQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
});
export const userListSchema = listResponseSchema(userSchema);

// What any signed-in user may see of a colleague (pickers, assignees): enabled accounts only.
export const personSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export const directoryQuerySchema = listQuerySchema.extend({ q: z.string().trim().max(200).optional() });
export const directoryListSchema = listResponseSchema(personSchema);

export type Person = z.infer<typeof personSchema>;
export type CreateUserInput = z.infer<typeof createUserInputSchema>;
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;
