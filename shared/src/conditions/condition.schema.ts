import { z } from 'zod';

// Bounds keep a stored condition cheap to validate, compile and show; they are far above what people build by hand.
export const conditionLimits = { maxDepth: 8, maxNodes: 200, maxChildren: 50, maxListValues: 100 } as const;

export const fieldPathPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const fieldPathSchema = z
  .string()
  .max(200)
  .regex(fieldPathPattern, 'Use a field path such as amount or order.total.');

// A lone surrogate has no code point, so no CEL string literal can hold it.
const conditionStringSchema = z
  .string()
  .max(1000)
  .refine((value) => !/\p{Cs}/u.test(value), 'Remove the unpaired surrogate character.');
const scalarSchema = z.union([conditionStringSchema, z.number(), z.boolean()]);
// Ordering is defined for numbers and for strings (ISO dates and times sort as text).
const orderedSchema = z.union([conditionStringSchema, z.number()]);

export const comparisonOperators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

const comparisonBase = { type: z.literal('comparison'), left: fieldPathSchema };

export const comparisonSchema = z.discriminatedUnion('operator', [
  z.object({ ...comparisonBase, operator: z.enum(['eq', 'neq', 'contains']), right: scalarSchema }),
  z.object({ ...comparisonBase, operator: z.enum(['gt', 'gte', 'lt', 'lte']), right: orderedSchema }),
  z.object({
    ...comparisonBase,
    operator: z.enum(['in', 'notIn']),
    right: z.array(scalarSchema).max(conditionLimits.maxListValues),
  }),
  z.object({ ...comparisonBase, operator: z.enum(['isEmpty', 'isNotEmpty']) }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

export const groupOperators = ['and', 'or'] as const;
export type GroupOperator = (typeof groupOperators)[number];

export interface ConditionGroup {
  type: 'group';
  op: GroupOperator;
  children: Condition[];
}
export type Condition = Comparison | ConditionGroup;

// An empty group would be "true" (and) or "false" (or) by accident; a group always has a child.
const groupSchema: z.ZodType<ConditionGroup> = z.object({
  type: z.literal('group'),
  op: z.enum(groupOperators),
  get children() {
    return z.array(conditionNodeSchema).min(1).max(conditionLimits.maxChildren);
  },
});

const conditionNodeSchema: z.ZodType<Condition> = z.lazy(() => z.union([groupSchema, comparisonSchema]));

// Measured before the recursive parse so a hostile, deeply nested value is refused without deep recursion.
function checkBounds(value: unknown, ctx: z.RefinementCtx): void {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  let count = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    count += 1;
    if (next.depth > conditionLimits.maxDepth) {
      ctx.addIssue({ code: 'custom', message: `Nest conditions at most ${conditionLimits.maxDepth} deep.` });
      return;
    }
    if (count > conditionLimits.maxNodes) {
      ctx.addIssue({ code: 'custom', message: `Use at most ${conditionLimits.maxNodes} conditions.` });
      return;
    }
    const children = (next.node as { children?: unknown } | null)?.children;
    if (Array.isArray(children)) {
      for (const child of children) pending.push({ node: child, depth: next.depth + 1 });
    }
  }
}

export const conditionSchema = z.unknown().superRefine(checkBounds).pipe(conditionNodeSchema);
