import { z } from 'zod';
import { addIssue, checkOptions, checkUniqueIds, checkUniqueProp } from '../checks';
import {
  dateDefaultSchema,
  dateTimeDefaultSchema,
  descriptionSchema,
  entityIdSchema,
  entityShape,
  fileRulesShape,
  labelSchema,
  machineKeySchema,
  optionDefaultsSchema,
  optionsSchema,
  referenceIdSchema,
  snapshotHeader,
  userDefaultSchema,
} from '../common.schema';
import { upgradeSnapshot } from '../versions';

export const tableSchemaVersion = 1;

export const tableFieldTypes = [
  'text',
  'longText',
  'number',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'email',
  'url',
  'select',
  'multiSelect',
  'user',
  'relation',
  'file',
] as const;
export type TableFieldType = (typeof tableFieldTypes)[number];

// Types whose settings include `options`.
export const tableChoiceTypes = ['select', 'multiSelect'] as const satisfies readonly TableFieldType[];

const fieldShape = {
  ...entityShape,
  // The column's name in records and in the API; renaming it is a schema change that ships with publish.
  key: machineKeySchema,
  name: labelSchema,
  description: z.string().max(5000),
  required: z.boolean(),
  unique: z.boolean(),
};

export const tableFieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...fieldShape,
    type: z.literal('text'),
    default: z.string().max(1000).optional(),
    maxLength: z.int().min(1).max(100_000).optional(),
  }),
  z.object({ ...fieldShape, type: z.literal('longText'), default: descriptionSchema.optional() }),
  z.object({ ...fieldShape, type: z.literal('number'), default: z.number().optional() }),
  // Exact decimals (money, quantities), kept as strings so no digit is lost on the way.
  z.object({
    ...fieldShape,
    type: z.literal('decimal'),
    scale: z.int().min(0).max(10),
    default: z
      .string()
      .regex(/^-?\d{1,28}(\.\d{1,10})?$/, 'Use a decimal number such as 12.50.')
      .optional(),
  }),
  z.object({ ...fieldShape, type: z.literal('boolean'), default: z.boolean().optional() }),
  z.object({ ...fieldShape, type: z.literal('date'), default: dateDefaultSchema.optional() }),
  z.object({ ...fieldShape, type: z.literal('dateTime'), default: dateTimeDefaultSchema.optional() }),
  z.object({ ...fieldShape, type: z.literal('email'), default: z.email().max(320).optional() }),
  z.object({ ...fieldShape, type: z.literal('url'), default: z.url().max(2000).optional() }),
  z
    .object({
      ...fieldShape,
      type: z.literal('select'),
      options: optionsSchema,
      default: entityIdSchema.optional(),
    })
    .superRefine(checkOptions),
  z
    .object({
      ...fieldShape,
      type: z.literal('multiSelect'),
      options: optionsSchema,
      default: optionDefaultsSchema.optional(),
    })
    .superRefine(checkOptions),
  z.object({
    ...fieldShape,
    type: z.literal('user'),
    multiple: z.boolean().optional(),
    default: userDefaultSchema.optional(),
  }),
  // Records of another table; `many` holds a list of their ids.
  z.object({
    ...fieldShape,
    type: z.literal('relation'),
    targetTableId: referenceIdSchema,
    cardinality: z.enum(['one', 'many']),
  }),
  z.object({
    ...fieldShape,
    type: z.literal('file'),
    ...fileRulesShape,
    multiple: z.boolean().optional(),
  }),
]);
export type TableField = z.infer<typeof tableFieldSchema>;

type FieldOf<Type extends TableFieldType> = Extract<TableField, { type: Type }>;
type CommonKey = keyof typeof fieldShape | 'type' | 'options';
/** The props a field has only while it is of `Type`. */
export type TableFieldSettings<Type extends TableFieldType> = Omit<FieldOf<Type>, CommonKey>;

export const tableSchema = z
  .object({
    ...snapshotHeader('table', tableSchemaVersion),
    description: descriptionSchema,
    // The field that names a record in pickers and relations; the first field when null.
    displayFieldId: entityIdSchema.nullable(),
    fields: z.array(tableFieldSchema).max(300),
  })
  .superRefine((table, ctx) => {
    checkUniqueIds(ctx, 'fields', table.fields);
    checkUniqueProp(ctx, 'fields', table.fields, 'key', 'Another field has this key.');
    if (table.displayFieldId !== null && !table.fields.some((field) => field.id === table.displayFieldId)) {
      addIssue(ctx, ['displayFieldId'], 'No field has this id.');
    }
  });
export type Table = z.infer<typeof tableSchema>;

export function emptyTable(): Table {
  return {
    kind: 'table',
    schemaVersion: tableSchemaVersion,
    description: '',
    displayFieldId: null,
    fields: [],
  };
}

/** Brings an older table snapshot to the current version (no older versions exist yet). */
export const upgradeTable = (raw: unknown): unknown => upgradeSnapshot(raw, tableSchemaVersion, {});
