import { z } from 'zod';
import { conditionSchema } from '../../conditions/condition.schema';
import { fieldSettingsShapes } from '../../fields/field-settings';
import type { FieldType } from '../../fields/field-types';
import { choiceFieldTypes } from '../../fields/field-types';
import { addIssue, checkOptions, checkUnique } from '../checks';
import { entityShape, labelSchema, machineKeySchema, type Option } from '../common.schema';

// Task forms use the shared vocabulary but URLs, plus section headings between fields. A link holds the id of a
// record (or ids, for several) of a published table, picked in the portal among the records the person may read.
export const taskFormFieldTypes = [
  'text',
  'longText',
  'number',
  'decimal',
  'date',
  'dateTime',
  'boolean',
  'select',
  'multiSelect',
  'email',
  'phone',
  'file',
  'user',
  'link',
  'section',
] as const satisfies readonly (FieldType | 'section')[];
export type TaskFormFieldType = (typeof taskFormFieldTypes)[number];

// Types whose settings include `options`.
export const taskFormChoiceTypes = choiceFieldTypes;

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
  // The hint inside an empty input (text-like fields); never a value.
  placeholder: z.string().max(200).optional(),
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

const variant = <Type extends Exclude<TaskFormFieldType, 'section'>>(type: Type) =>
  z.object({ ...valueShape, type: z.literal(type), ...fieldSettingsShapes[type] });

export const taskFormFieldSchema = z.discriminatedUnion('type', [
  variant('text'),
  variant('longText'),
  variant('number'),
  variant('decimal'),
  variant('date'),
  variant('dateTime'),
  variant('boolean'),
  variant('select').superRefine(checkOptions).superRefine(checkChoices),
  variant('multiSelect').superRefine(checkOptions).superRefine(checkChoices),
  variant('email'),
  variant('phone'),
  variant('file'),
  variant('user'),
  variant('link'),
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
