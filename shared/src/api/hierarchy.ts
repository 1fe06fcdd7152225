import { z } from 'zod';
import { dateInputSchema, listResponseSchema, nameSchema, textSchema } from './common';
import { personSchema } from './users';

const timestampSchema = z.iso.datetime();

export const createDepartmentInputSchema = z.strictObject({
  name: nameSchema,
  parentId: z.uuid().nullable().default(null),
});
export const updateDepartmentInputSchema = z
  .strictObject({ name: nameSchema, parentId: z.uuid().nullable() })
  .partial();

export const createPositionInputSchema = z.strictObject({
  title: nameSchema,
  departmentId: z.uuid(),
  parentId: z.uuid().nullable().default(null),
});
export const updatePositionInputSchema = z
  .strictObject({ title: nameSchema, departmentId: z.uuid(), parentId: z.uuid().nullable() })
  .partial();

export const createOrgRoleInputSchema = z.strictObject({
  name: nameSchema,
  description: textSchema.max(2000).default(''),
});
export const updateOrgRoleInputSchema = z
  .strictObject({ name: nameSchema, description: textSchema.max(2000) })
  .partial();

// Assigning someone ends their current assignment at validFrom; history is never rewritten.
export const assignPositionInputSchema = z.strictObject({
  userId: z.uuid(),
  positionId: z.uuid(),
  reportsToId: z.uuid().nullable().default(null),
  validFrom: dateInputSchema.optional(),
});

export const assignOrgRoleInputSchema = z.strictObject({
  userId: z.uuid(),
  orgRoleId: z.uuid(),
  validFrom: dateInputSchema.optional(),
});

export const endAssignmentInputSchema = z.strictObject({ validTo: dateInputSchema.optional() });

// "At" lets callers ask about the past: who was X's manager on a given day.
export const atQuerySchema = z.strictObject({ at: dateInputSchema.optional() });

export const departmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  createdAt: timestampSchema,
});
export const positionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  departmentId: z.uuid(),
  parentId: z.uuid().nullable(),
  createdAt: timestampSchema,
  // From then on nobody holds it; the tree leaves it out as of later days.
  closedAt: timestampSchema.nullable(),
});
export const orgRoleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  createdAt: timestampSchema,
});

const periodShape = { validFrom: timestampSchema, validTo: timestampSchema.nullable() };

export const positionAssignmentSchema = z.object({
  id: z.uuid(),
  user: personSchema,
  position: z.object({ id: z.uuid(), title: z.string() }),
  reportsTo: personSchema.nullable(),
  ...periodShape,
});
export const orgRoleAssignmentSchema = z.object({
  id: z.uuid(),
  user: personSchema,
  orgRole: z.object({ id: z.uuid(), name: z.string() }),
  ...periodShape,
});

export const userAssignmentsSchema = z.object({
  positions: z.array(positionAssignmentSchema),
  orgRoles: z.array(orgRoleAssignmentSchema),
});

export const memberSchema = z.object({ user: personSchema, assignmentId: z.uuid(), ...periodShape });
export const memberListSchema = listResponseSchema(memberSchema);

// How a manager was found: the assignment's explicit reportsTo, or the occupant of a position above.
export const managerSchema = z.object({
  manager: personSchema.nullable(),
  via: z.enum(['reportsTo', 'position']).nullable(),
  positionId: z.uuid().nullable(),
});

const occupantSchema = personSchema.extend({ assignmentId: z.uuid(), reportsToId: z.uuid().nullable() });
const treePositionSchema = positionSchema.omit({ createdAt: true, closedAt: true }).extend({
  occupants: z.array(occupantSchema),
});

export interface TreeDepartment {
  id: string;
  name: string;
  parentId: string | null;
  positions: z.infer<typeof treePositionSchema>[];
  children: TreeDepartment[];
}
export const treeDepartmentSchema: z.ZodType<TreeDepartment> = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  positions: z.array(treePositionSchema),
  get children() {
    return z.array(treeDepartmentSchema);
  },
});
export const hierarchyTreeSchema = z.object({
  at: timestampSchema,
  departments: z.array(treeDepartmentSchema),
});

export type Department = z.infer<typeof departmentSchema>;
export type Position = z.infer<typeof positionSchema>;
export type OrgRole = z.infer<typeof orgRoleSchema>;
export type PositionAssignment = z.infer<typeof positionAssignmentSchema>;
export type OrgRoleAssignment = z.infer<typeof orgRoleAssignmentSchema>;
export type Member = z.infer<typeof memberSchema>;
export type ManagerResolution = z.infer<typeof managerSchema>;
export type HierarchyTree = z.infer<typeof hierarchyTreeSchema>;
export type AssignPositionInput = z.infer<typeof assignPositionInputSchema>;
export type AssignOrgRoleInput = z.infer<typeof assignOrgRoleInputSchema>;
