import { z } from 'zod';
import { isOrderKey } from './order';

// Stable ids of entities inside one document (fields, nodes, edges, actions…): UUIDs in practice,
// short fixed ids ("start") for the entities of an empty document.
export const entityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use an id of letters, digits, _ and -.');

// A fractional-indexing key; it grows with repeated inserts at one spot, hence the generous cap.
export const orderKeySchema = z.string().refine(isOrderKey, 'Use an order key made by generateKeyBetween.');

export const machineKeySchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-zA-Z0-9_]*$/, 'Start with a lowercase letter; then use letters, digits and _.');

// Another builder document (a flow, form or table) or a hierarchy row, by its database id.
export const referenceIdSchema = z.uuid();

export const labelSchema = z.string().max(500);
export const descriptionSchema = z.string().max(20_000);

export const isoDateSchema = z.iso.date();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const optionSchema = z.object({
  id: entityIdSchema,
  label: labelSchema,
  value: z.string().min(1).max(200),
  order: orderKeySchema,
});
export type Option = z.infer<typeof optionSchema>;
export const optionsSchema = z.array(optionSchema).max(500);

// MIME types ("application/pdf", "image/*") or extensions (".pdf").
export const fileTypeSchema = z.string().regex(/^(\.[A-Za-z0-9]{1,16}|[a-z]+\/(\*|[A-Za-z0-9.+-]{1,100}))$/);
export const maxUploadBytes = 1024 ** 3;

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

type Path = (string | number)[];

export function addIssue(ctx: z.RefinementCtx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', message, path });
}

/** Reports every item whose value of `key` repeats an earlier item's, at that item's path. */
export function checkUnique<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  path: (index: number) => Path,
  message: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = keyOf(item);
    if (value === undefined) return;
    if (seen.has(value)) addIssue(ctx, path(index), message);
    seen.add(value);
  });
}

/** Reports repeated entity ids in a collection of the document. */
export function checkUniqueIds(
  ctx: z.RefinementCtx,
  collection: string,
  items: readonly { id: string }[],
): void {
  checkUnique(
    ctx,
    items,
    (item) => item.id,
    (index) => [collection, index, 'id'],
    'This id is used twice.',
  );
}

/** Reports a lower bound above its upper bound (numbers, or ISO dates and times as instants) at `path`. */
export function checkRange(
  ctx: z.RefinementCtx,
  low: number | string | undefined,
  high: number | string | undefined,
  path: string,
): void {
  if (low === undefined || high === undefined) return;
  const lowValue = typeof low === 'string' ? Date.parse(low) : low;
  const highValue = typeof high === 'string' ? Date.parse(high) : high;
  if (lowValue > highValue) addIssue(ctx, [path], 'The minimum is above the maximum.');
}

/** Checks a choice field: option ids and values are unique, and defaults name existing options. */
export function checkOptions(
  field: { options: Option[]; default?: string | string[] },
  ctx: z.RefinementCtx,
): void {
  checkUniqueIds(ctx, 'options', field.options);
  checkUnique(
    ctx,
    field.options,
    (option) => option.value,
    (index) => ['options', index, 'value'],
    'Another option has this value.',
  );
  const ids = new Set(field.options.map((option) => option.id));
  const defaults = field.default === undefined ? [] : [field.default].flat();
  if (defaults.some((id) => !ids.has(id))) {
    addIssue(ctx, ['default'], 'The default is not one of the options.');
  }
}
