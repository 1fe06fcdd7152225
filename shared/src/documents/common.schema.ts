import { z } from 'zod';
import type { DocumentKind } from '../ids';
import { isOrderKey } from './order';

// Stable ids of entities inside one document (fields, nodes, edges, actions…): 12 random base64url characters
// (newEntityId) in practice, short fixed ids ("start") for the entities of an empty document.
export const entityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use an id of letters, digits, _ and -.');

// A fractional-indexing key; it grows with repeated inserts at one spot, hence the generous cap.
export const orderKeySchema = z.string().refine(isOrderKey, 'Use an order key made by generateKeyBetween.');

// Every ordered entity: a stable id and its place among its siblings.
export const entityShape = { id: entityIdSchema, order: orderKeySchema };

export const machineKeySchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-zA-Z0-9_]*$/, 'Start with a lowercase letter; then use letters, digits and _.');

/** The props every snapshot starts with: its kind and the version of that kind's schema. */
export function snapshotHeader<Kind extends DocumentKind, Version extends number>(
  kind: Kind,
  version: Version,
) {
  return { kind: z.literal(kind), schemaVersion: z.literal(version) };
}

// Another builder document (a flow, form or table) or a hierarchy row, by its database id.
export const referenceIdSchema = z.uuid();

export const labelSchema = z.string().max(500);
export const descriptionSchema = z.string().max(20_000);

export const isoDateSchema = z.iso.date();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

// Defaults of date fields: `today` / `now` is the moment a form is opened or a record is created.
export const dateDefaultSchema = z.union([isoDateSchema, z.literal('today')]);
export const dateTimeDefaultSchema = z.union([isoDateTimeSchema, z.literal('now')]);
// `currentUser` is whoever fills in the form or creates the record.
export const userDefaultSchema = z.literal('currentUser');

export const optionSchema = z.object({
  ...entityShape,
  label: labelSchema,
  value: z.string().min(1).max(200),
});
export type Option = z.infer<typeof optionSchema>;
export const optionsSchema = z.array(optionSchema).max(500);
// Defaults of choice fields name options by id; the stored value is the option's `value`.
export const optionDefaultsSchema = z.array(entityIdSchema).max(500);

// What a file field accepts: MIME types ("application/pdf", "image/*") or extensions (".pdf"), and a size.
export const fileRulesShape = {
  allowedTypes: z
    .array(z.string().regex(/^(\.[A-Za-z0-9]{1,16}|[a-z]+\/(\*|[A-Za-z0-9.+-]{1,100}))$/))
    .max(50)
    .optional(),
  maxSizeBytes: z
    .int()
    .min(1)
    .max(1024 ** 3)
    .optional(),
};

export const scheduleShape = {
  cron: z
    .string()
    .max(200)
    .regex(
      /^[0-9A-Za-z*/,-]+( [0-9A-Za-z*/,-]+){4}$/,
      'Use five cron fields: minute hour day month weekday.',
    ),
  timezone: z.string().max(100).refine(isTimeZone, 'Use an IANA time zone such as Europe/Berlin.'),
};

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
