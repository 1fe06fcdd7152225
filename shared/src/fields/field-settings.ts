import { z } from 'zod';
import { checkRange } from '../documents/checks';
import {
  dateDefaultSchema,
  dateTimeDefaultSchema,
  descriptionSchema,
  entityIdSchema,
  fileRulesShape,
  isoDateSchema,
  isoDateTimeSchema,
  optionDefaultsSchema,
  optionsSchema,
  userDefaultSchema,
} from '../documents/common.schema';
import type { FieldType } from './field-types';

// The settings each field type has, the same in task forms and tables (each kind adds its own common props).

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const lengthShape = {
  minLength: z.int().min(0).max(100_000).optional(),
  maxLength: z.int().min(1).max(100_000).optional(),
};
const textRulesSchema = z
  .object({
    ...lengthShape,
    pattern: z.string().max(500).refine(isRegExp, 'Use a valid regular expression.').optional(),
  })
  .superRefine((rules, ctx) => checkRange(ctx, rules.minLength, rules.maxLength, 'minLength'));
const longTextRulesSchema = z
  .object(lengthShape)
  .superRefine((rules, ctx) => checkRange(ctx, rules.minLength, rules.maxLength, 'minLength'));

function rangeSchema<Bound extends z.ZodType<number | string>>(bound: Bound) {
  return z
    .object({ min: bound.optional(), max: bound.optional() })
    .superRefine((range, ctx) => checkRange(ctx, range.min, range.max, 'min'));
}
const numberRulesSchema = z
  .object({ min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() })
  .superRefine((rules, ctx) => checkRange(ctx, rules.min, rules.max, 'min'));

export const phonePattern = /^\+?[0-9 ()./-]{3,32}$/;
export const phoneMessage = 'Use digits, spaces and + ( ) . / - only.';

export const fieldSettingsShapes = {
  text: { default: z.string().max(1000).optional(), validation: textRulesSchema.optional() },
  longText: { default: descriptionSchema.optional(), validation: longTextRulesSchema.optional() },
  number: { default: z.number().optional(), validation: numberRulesSchema.optional() },
  // Exact decimals (money, quantities): JSON numbers with at most `scale` places, numeric columns in tables.
  decimal: {
    scale: z.int().min(0).max(10),
    currencyCode: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR.')
      .optional(),
    default: z.number().optional(),
    validation: rangeSchema(z.number()).optional(),
  },
  boolean: { default: z.boolean().optional() },
  date: { default: dateDefaultSchema.optional(), validation: rangeSchema(isoDateSchema).optional() },
  dateTime: {
    default: dateTimeDefaultSchema.optional(),
    validation: rangeSchema(isoDateTimeSchema).optional(),
  },
  select: { options: optionsSchema, default: entityIdSchema.optional() },
  multiSelect: {
    options: optionsSchema,
    default: optionDefaultsSchema.optional(),
    validation: z
      .object({
        minSelected: z.int().min(0).max(500).optional(),
        maxSelected: z.int().min(1).max(500).optional(),
      })
      .superRefine((rules, ctx) => checkRange(ctx, rules.minSelected, rules.maxSelected, 'minSelected'))
      .optional(),
  },
  email: { default: z.email().max(320).optional() },
  url: {
    default: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  },
  phone: { default: z.string().regex(phonePattern, phoneMessage).optional() },
  file: {
    validation: z.object({ ...fileRulesShape, maxFiles: z.int().min(1).max(50).optional() }).optional(),
  },
  user: { multiple: z.boolean().optional(), default: userDefaultSchema.optional() },
  // Records of a table: `one` holds a record id (many-to-one), `many` a list of them (many-to-many).
  link: {
    // A new link field has no table yet: the builder says what to do rather than "Invalid UUID".
    targetTableId: z.uuid({ error: 'Choose the table it links to.' }),
    cardinality: z.enum(['one', 'many']),
  },
} as const satisfies Record<FieldType, z.ZodRawShape>;

type SettingsShapes = typeof fieldSettingsShapes;
export type FieldSettings<Type extends FieldType> = z.infer<z.ZodObject<SettingsShapes[Type]>>;

/** A field's type and settings: what its value, column and editor depend on. */
export type FieldDefinition = { [Type in FieldType]: { type: Type } & FieldSettings<Type> }[FieldType];
