import { z } from 'zod';
import { roles } from '../roles';
import { emailSchema, nameSchema, newPasswordSchema, passwordSchema } from './common';

export const roleSchema = z.enum(roles);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof userSchema>;

export const setupInputSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  // Asked only when the server listens beyond loopback; the server prints it to its log.
  setupCode: z.string().max(100).optional(),
});
export const loginInputSchema = z.strictObject({ email: emailSchema, password: passwordSchema });
export const loginResponseSchema = z.object({
  user: userSchema,
  token: z.string(),
  expiresAt: z.iso.datetime(),
});
export const setupStatusSchema = z.object({ needsSetup: z.boolean(), needsSetupCode: z.boolean() });
export const changePasswordInputSchema = z.strictObject({
  currentPassword: passwordSchema,
  newPassword: newPasswordSchema,
});
export const meResponseSchema = z.object({ user: userSchema });

export type SetupInput = z.infer<typeof setupInputSchema>;
export type LoginInput = z.infer<typeof loginInputSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
