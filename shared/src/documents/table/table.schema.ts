import { z } from 'zod';
import { fieldSettingsShapes } from '../../fields/field-settings';
import { choiceFieldTypes, type FieldType, fieldTypes } from '../../fields/field-types';
import { upgradeSnapshotFields, upgradeTableSettings } from '../../fields/field-upgrades';
import { roles } from '../../roles';
import { addIssue, checkOptions, checkUniqueIds, checkUniqueProp } from '../checks';
import {
  descriptionSchema,
  entityIdSchema,
  entityShape,
  labelSchema,
  machineKeySchema,
  snapshotHeader,
} from '../common.schema';
import { upgradeSnapshot } from '../versions';

// 2: the shared field vocabulary (link, settings shaped as in task forms, decimals as numbers).
export const tableSchemaVersion = 2;

// Tables hold every type of the shared vocabulary.
export const tableFieldTypes = fieldTypes;
export type TableFieldType = FieldType;
export const tableChoiceTypes = choiceFieldTypes;

const fieldShape = {
  ...entityShape,
  // The field's name in records and in the API; its column is named after the stable id, never the key.
  key: machineKeySchema,
  name: labelSchema,
  description: z.string().max(5000),
  required: z.boolean(),
  unique: z.boolean(),
};

const variant = <Type extends TableFieldType>(type: Type) =>
  z.object({ ...fieldShape, type: z.literal(type), ...fieldSettingsShapes[type] });

export const tableFieldSchema = z.discriminatedUnion('type', [
  variant('text'),
  variant('longText'),
  variant('number'),
  variant('decimal'),
  variant('boolean'),
  variant('date'),
  variant('dateTime'),
  variant('select').superRefine(checkOptions),
  variant('multiSelect').superRefine(checkOptions),
  variant('email'),
  variant('url'),
  variant('phone'),
  variant('file'),
  variant('user'),
  variant('link'),
]);
export type TableField = z.infer<typeof tableFieldSchema>;

type FieldOf<Type extends TableFieldType> = Extract<TableField, { type: Type }>;
type CommonKey = keyof typeof fieldShape | 'type' | 'options';
/** The props a field has only while it is of `Type`. */
export type TableFieldSettings<Type extends TableFieldType> = Omit<FieldOf<Type>, CommonKey>;

export const tableAccessSchema = z.object({
  read: z.array(z.enum(roles)).max(roles.length),
  write: z.array(z.enum(roles)).max(roles.length),
});
export type TableAccess = z.infer<typeof tableAccessSchema>;
export const defaultTableAccess = (): TableAccess => ({
  read: ['developer', 'reviewer'],
  write: ['developer'],
});

export const tableSchema = z
  .object({
    ...snapshotHeader('table', tableSchemaVersion),
    description: descriptionSchema,
    // The field that names a record in pickers and relations; the first field when null.
    displayFieldId: entityIdSchema.nullable(),
    fields: z.array(tableFieldSchema).max(300),
    // Who may read and write records through the API besides admins (employees only when granted here).
    access: tableAccessSchema,
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
    access: defaultTableAccess(),
  };
}

/** Brings an older table snapshot to the current version. */
export const upgradeTable = (raw: unknown): unknown =>
  upgradeSnapshot(raw, tableSchemaVersion, {
    1: (snapshot) => ({
      ...upgradeSnapshotFields(snapshot, upgradeTableSettings),
      access: defaultTableAccess(),
    }),
  });
