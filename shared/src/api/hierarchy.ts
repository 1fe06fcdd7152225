import { z } from 'zod';
import { nameSchema } from './common';

const dateSchema = z.coerce.date();

export const createDepartmentInputSchema = z.object({
  name: nameSchema,
  parentId: z.uuid().nullable().default(null),
});
export const updateDepartmentInputSchema = z
  .object({ name: nameSchema, parentId: z.uuid().nullable() })
  .partial()
  .strict();

export const createPositionInputSchema = z.object({
  title: nameSchema,
  departmentId: z.uuid(),
  parentId: z.uuid().nullable().default(null),
});
export const updatePositionInputSchema = z
  .object({ title: nameSchema, departmentId: z.uuid(), parentId: z.uuid().nullable() })
  .partial()
  .strict();

export const createOrgRoleInputSchema = z.object({
  name: nameSchema,
  description: z.string().max(2000).default(''),
});

// Assigning someone ends their current assignment at validFrom; history is never rewritten.
export const assignPositionInputSchema = z.object({
  userId: z.uuid(),
  positionId: z.uuid(),
  reportsToId: z.uuid().nullable().default(null),
  validFrom: dateSchema.optional(),
});

export const assignOrgRoleInputSchema = z.object({
  userId: z.uuid(),
  orgRoleId: z.uuid(),
  validFrom: dateSchema.optional(),
});

export const endAssignmentInputSchema = z.object({ validTo: dateSchema.optional() });

// "At" lets callers ask about the past: who was X's manager on a given day.
export const atQuerySchema = z.object({ at: dateSchema.optional() });
