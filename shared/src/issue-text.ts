import type { z } from 'zod';

// Validation problems told to people, once for every edge: a sentence naming the property, and where it is,
// naming entities by their label (never by internal id, never a whole 600-character label). The schemas' own
// messages are already sentences; these cover zod's built-in checks.

const maxNameLength = 40;

// Entities inside a document, by the collection that holds them.
const entityNouns: Record<string, string> = {
  fields: 'Field',
  options: 'Option',
  nodes: 'Step',
  edges: 'Connection',
  actions: 'Action',
  columns: 'Column',
  measures: 'Measure',
  filters: 'Filter',
  children: 'Condition',
};

const propertyNames: Record<string, string> = {
  helpText: 'help text',
  visibleWhen: 'condition for showing it',
  currencyCode: 'currency code',
  schemaVersion: 'schema version',
  minLength: 'shortest length',
  maxLength: 'longest length',
  minSelected: 'fewest choices',
  maxSelected: 'most choices',
  maxSizeBytes: 'largest file size',
  allowedTypes: 'allowed file types',
  to: 'list of recipients',
  url: 'URL',
};

/** `helpText` → "help text"; known props get their everyday name. */
function describeProperty(key: string): string {
  return propertyNames[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A name short enough to repeat in a message. */
export function shortName(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed.length <= maxNameLength) return trimmed;
  // At a word boundary when there is one in the second half.
  const space = trimmed.slice(0, maxNameLength).lastIndexOf(' ');
  return `${trimmed.slice(0, space > maxNameLength / 2 ? space : maxNameLength - 1).trimEnd()}…`;
}

function nameOf(entity: unknown): string | undefined {
  if (entity === null || typeof entity !== 'object') return undefined;
  const record = entity as Record<string, unknown>;
  for (const key of ['label', 'name', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return shortName(value);
  }
  return undefined;
}

/**
 * Where an issue is, for people: `Field “Start date” › Option 2`. Entities are named by label (or name,
 * title), else by position; plain properties in between are named in words. The last property is left to the
 * message, which names it.
 */
export function describeLocation(path: readonly PropertyKey[], input: unknown): string {
  const parts: string[] = [];
  let current: unknown = input;
  path.forEach((segment, index) => {
    const isLast = index === path.length - 1;
    if (Array.isArray(current) && typeof segment === 'number') {
      const collection = path[index - 1];
      const noun = (typeof collection === 'string' && entityNouns[collection]) || 'Item';
      const entity: unknown = current[segment];
      const name = nameOf(entity);
      // The collection's own name was pushed just before; the entity replaces it.
      if (typeof collection === 'string' && parts.at(-1) === describeProperty(collection)) parts.pop();
      parts.push(name ? `${noun} “${name}”` : `${noun} ${segment + 1}`);
      current = entity;
      return;
    }
    const key = String(segment);
    if (!isLast) parts.push(describeProperty(key));
    current =
      current !== null && typeof current === 'object' && Object.hasOwn(current, key)
        ? (current as Record<string, unknown>)[key]
        : undefined;
  });
  return parts.join(' › ');
}

const typeNouns: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of settings',
};
const formatNouns: Record<string, string> = {
  email: 'an email address',
  date: 'a date such as 2026-12-31',
  datetime: 'a date and time such as 2026-12-31T09:00:00Z',
  uuid: 'an id',
  regex: 'text in the expected form',
  url: 'a full web address such as https://example.com',
};

function subjectOf(path: readonly PropertyKey[] | undefined): string {
  const last = path?.at(-1);
  return typeof last === 'string' ? `The ${describeProperty(last)}` : 'This value';
}

const count = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en') : String(value));

/**
 * A sentence for a zod issue that has no message of its own, naming the property; pass it as the `error`
 * option of a parse. Returns undefined for issues it does not know, which keeps zod's text.
 */
export function describeZodIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const subject = subjectOf(issue.path);
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return `${subject} is too long: use at most ${count(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${subject} has too many entries: at most ${count(issue.maximum)}.`;
      return `${subject} is too large: at most ${count(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${subject} is empty: fill it in.`
          : `${subject} is too short: use at least ${count(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(issue.minimum) <= 1
          ? `${subject} is empty: add at least one.`
          : `${subject} needs at least ${count(issue.minimum)} entries.`;
      return `${subject} is too small: at least ${count(issue.minimum)}.`;
    case 'invalid_type':
      if (issue.input === undefined) return `${subject} is missing.`;
      return `${subject} should be ${typeNouns[issue.expected] ?? issue.expected}.`;
    case 'invalid_value':
      return `${subject} should be ${issue.values.map((value) => `“${shortName(String(value))}”`).join(' or ')}.`;
    case 'invalid_format':
      return `${subject} should be ${formatNouns[issue.format] ?? `in ${issue.format} form`}.`;
    case 'invalid_union':
      return `${subject} is not one of the allowed kinds.`;
    case 'unrecognized_keys':
      return `${subject} has settings this version does not know: ${issue.keys.join(', ')}.`;
    default:
      return undefined;
  }
}

/** The same for a form, where the message stands next to its field and so need not name it. */
export function describeFieldIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1)
    return 'Fill this in.';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'Choose at least one.';
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `Use at most ${count(issue.maximum)} characters.`;
  if (issue.code === 'invalid_format' && issue.format === 'email')
    return 'Enter an email address, like name@example.com.';
  return describeZodIssue({ ...issue, path: [] });
}
