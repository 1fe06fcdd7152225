import { z } from 'zod';
import { roleSchema, userSchema } from './auth';
import {
  emailSchema,
  listQuerySchema,
  listResponseSchema,
  nameSchema,
  newPasswordSchema,
  searchQuerySchema,
} from './common';

const rolesSchema = z
  .array(roleSchema)
  .min(1)
  .max(4)
  .transform((roles) => [...new Set(roles)]);

// strict, like every input schema: a field a caller may not set is rejected, never silently ignored.
export const createUserInputSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  roles: rolesSchema,
});

export const updateUserInputSchema = z
  .strictObject({
    name: nameSchema,
    roles: rolesSchema,
    disabled: z.boolean(),
    password: newPasswordSchema,
  })
  .partial();

export const listUsersQuerySchema = listQuerySchema.extend({
  q: searchQuerySchema,
  role: roleSchema.optional(),
});
export const userListSchema = listResponseSchema(userSchema);

// What any signed-in user may see of a colleague (pickers, assignees): enabled accounts only.
export const personSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
// `ids=…` (comma-separated, at most 100): those people, to name the ones a form or a record already holds.
export const directoryQuerySchema = listQuerySchema.extend({
  q: searchQuerySchema,
  ids: z
    .string()
    .max(100 * 37)
    .transform((ids) => ids.split(','))
    .pipe(z.array(z.uuid('Give user ids, separated by commas.')).min(1).max(100))
    .optional(),
});
export const directoryListSchema = listResponseSchema(personSchema);

export type Person = z.infer<typeof personSchema>;
export type CreateUserInput = z.infer<typeof createUserInputSchema>;
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;
