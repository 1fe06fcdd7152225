import { z } from 'zod';

// What a semantic diff reports, by stable id. `moved` is layout only: a node's canvas position or an entity's
// place among its siblings (`property: 'order'`, a fractional key); it never changes what a document does.
export const changeOps = ['added', 'removed', 'changed', 'moved'] as const;
export type ChangeOp = (typeof changeOps)[number];

// The entities a change can name. `document` is the snapshot's own props (title, description, event…), with
// entityId 'document'; an `option` belongs to the field named by parentId.
export const changeEntityTypes = [
  'document',
  'field',
  'option',
  'node',
  'edge',
  'flowTrigger',
  'action',
  'join',
  'grouping',
  'aggregate',
  'sort',
  'section',
] as const;
export type ChangeEntityType = (typeof changeEntityTypes)[number];

export const rootEntityId = 'document';

export const documentChangeSchema = z.object({
  op: z.enum(changeOps),
  entityType: z.enum(changeEntityTypes),
  entityId: z.string(),
  // The entity holding this one (the field of an option); absent for top-level entities.
  parentId: z.string().optional(),
  // For `changed` and `moved`: the entity's prop that differs (a whole value: `assignment`, `validation`…).
  property: z.string().optional(),
  // `added`: the whole entity in `after`; `removed`: in `before`; otherwise the prop's values (absent = unset).
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  // Conditions as people read them ("amount > 1000"), beside the structured values.
  beforeText: z.string().optional(),
  afterText: z.string().optional(),
  // The entity's name as people know it (a field's label, a node's name), from `after` when it has one.
  label: z.string().optional(),
});
export type DocumentChange = z.infer<typeof documentChangeSchema>;
