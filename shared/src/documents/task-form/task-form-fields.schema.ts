import { z } from 'zod';
import { conditionSchema } from '../../conditions/condition.schema';
import { addIssue, checkOptions, checkRange, checkUnique } from '../checks';
import {
  dateDefaultSchema,
  dateTimeDefaultSchema,
  descriptionSchema,
  entityIdSchema,
  entityShape,
  fileRulesShape,
  isoDateSchema,
  isoDateTimeSchema,
  labelSchema,
  machineKeySchema,
  type Option,
  optionDefaultsSchema,
  optionsSchema,
  userDefaultSchema,
} from '../common.schema';

export const taskFormFieldTypes = [
  'text',
  'longText',
  'number',
  'currency',
  'date',
  'dateTime',
  'checkbox',
  'dropdown',
  'multiSelect',
  'email',
  'phone',
  'file',
  'user',
  'section',
] as const;
export type TaskFormFieldType = (typeof taskFormFieldTypes)[number];

// Types whose settings include `options`.
export const taskFormChoiceTypes = [
  'dropdown',
  'multiSelect',
] as const satisfies readonly TaskFormFieldType[];

// What a draft may lack but a published form may not; drafts are checked against the same schema, so the
// builder lists these as problems to fix before publishing.
export const taskFormGaps = {
  label: 'Give this field a label: it is what people see.',
  optionLabel: 'Give this option a label.',
  repeatedOptionLabel: 'Another option has this label.',
  noOptions: 'Add at least one option to choose from.',
} as const;

const isBlank = (text: string) => text.trim() === '';

// Sections are headings between fields: they hold no value, so they have no key and are never required.
const fieldShape = {
  ...entityShape,
  label: labelSchema.refine((label) => !isBlank(label), taskFormGaps.label),
  helpText: z.string().max(5000),
  // The field shows only while this holds on the other fields' values (by key). A hidden field is never
  // required; a hidden section hides the fields after it up to the next section.
  visibleWhen: conditionSchema.optional(),
};
const valueShape = { ...fieldShape, key: machineKeySchema, required: z.boolean() };

// A choice field people can actually choose in: some options, each with its own label.
function checkChoices(field: { options: Option[] }, ctx: z.RefinementCtx): void {
  if (field.options.length === 0) addIssue(ctx, ['options'], taskFormGaps.noOptions);
  field.options.forEach((option, index) => {
    if (isBlank(option.label)) addIssue(ctx, ['options', index, 'label'], taskFormGaps.optionLabel);
  });
  checkUnique(
    ctx,
    field.options,
    (option) => (isBlank(option.label) ? undefined : option.label.trim().toLowerCase()),
    (index) => ['options', index, 'label'],
    taskFormGaps.repeatedOptionLabel,
  );
}

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

export const taskFormFieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...valueShape,
    type: z.literal('text'),
    default: z.string().max(1000).optional(),
    validation: textRulesSchema.optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('longText'),
    default: descriptionSchema.optional(),
    validation: longTextRulesSchema.optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('number'),
    default: z.number().optional(),
    validation: numberRulesSchema.optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('currency'),
    currencyCode: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR.'),
    default: z.number().optional(),
    validation: rangeSchema(z.number()).optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('date'),
    default: dateDefaultSchema.optional(),
    validation: rangeSchema(isoDateSchema).optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('dateTime'),
    default: dateTimeDefaultSchema.optional(),
    validation: rangeSchema(isoDateTimeSchema).optional(),
  }),
  z.object({ ...valueShape, type: z.literal('checkbox'), default: z.boolean().optional() }),
  z
    .object({
      ...valueShape,
      type: z.literal('dropdown'),
      options: optionsSchema,
      default: entityIdSchema.optional(),
    })
    .superRefine(checkOptions)
    .superRefine(checkChoices),
  z
    .object({
      ...valueShape,
      type: z.literal('multiSelect'),
      options: optionsSchema,
      default: optionDefaultsSchema.optional(),
      validation: z
        .object({
          minSelected: z.int().min(0).max(500).optional(),
          maxSelected: z.int().min(1).max(500).optional(),
        })
        .superRefine((rules, ctx) => checkRange(ctx, rules.minSelected, rules.maxSelected, 'minSelected'))
        .optional(),
    })
    .superRefine(checkOptions)
    .superRefine(checkChoices),
  z.object({ ...valueShape, type: z.literal('email'), default: z.email().max(320).optional() }),
  z.object({
    ...valueShape,
    type: z.literal('phone'),
    default: z
      .string()
      .regex(/^\+?[0-9 ()./-]{3,32}$/, 'Use digits, spaces and + ( ) . / - only.')
      .optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('file'),
    validation: z.object({ ...fileRulesShape, maxFiles: z.int().min(1).max(50).optional() }).optional(),
  }),
  z.object({
    ...valueShape,
    type: z.literal('user'),
    multiple: z.boolean().optional(),
    default: userDefaultSchema.optional(),
  }),
  z.object({ ...fieldShape, type: z.literal('section') }),
]);
export type TaskFormField = z.infer<typeof taskFormFieldSchema>;

/** The keys of the fields that hold a value: every field but the section headings. */
export function valueFieldKeys(fields: readonly TaskFormField[]): string[] {
  return fields.flatMap((field) => (field.type === 'section' ? [] : [field.key]));
}

type FieldOf<Type extends TaskFormFieldType> = Extract<TaskFormField, { type: Type }>;
type CommonKey = keyof typeof valueShape | 'type' | 'options';
/** The props a field has only while it is of `Type`. */
export type TaskFormFieldSettings<Type extends TaskFormFieldType> = Omit<FieldOf<Type>, CommonKey>;
