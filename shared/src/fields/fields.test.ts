import { describe, expect, it } from 'vitest';
import { tableSample } from '../documents/table/table.sample';
import { type FieldType, fieldSqlType, fieldTypes, fieldValueSchema, isListField } from './index';

const person = '8f14e45f-ceea-467a-a866-051f9c3b1b2a';

// For every type: a value it holds, one it refuses, and its column type (the sample table's settings).
const cases = {
  text: { good: 'A-17', bad: 'x'.repeat(21), sql: 'text' },
  longText: { good: 'Long\nnotes', bad: 'nul\u0000', sql: 'text' },
  number: { good: 12.5, bad: '12', sql: 'double precision' },
  decimal: { good: 12.5, bad: 12.345, sql: 'numeric(38, 2)' },
  boolean: { good: true, bad: 'yes', sql: 'boolean' },
  date: { good: '2026-12-02', bad: '2026-13-02', sql: 'date' },
  dateTime: { good: '2026-12-02T10:00:00Z', bad: '2026-12-02', sql: 'timestamptz' },
  select: { good: 'open', bad: 'closed', sql: 'text' },
  multiSelect: { good: [], bad: ['x'], sql: 'text[]' },
  email: { good: 'ada@example.com', bad: 'ada', sql: 'text' },
  url: { good: 'https://example.com/a', bad: 'javascript:alert(1)', sql: 'text' },
  phone: { good: '+49 30 1234', bad: 'call me', sql: 'text' },
  file: { good: [person], bad: [person, person], sql: 'uuid[]' },
  user: { good: person, bad: 'ada', sql: 'uuid' },
  link: { good: person, bad: [person], sql: 'uuid' },
} satisfies Record<FieldType, { good: unknown; bad: unknown; sql: string }>;

describe('field vocabulary', () => {
  it.each(fieldTypes)('%s: validator and column type', (type) => {
    const field = tableSample.fields.find((candidate) => candidate.type === type);
    if (!field) throw new Error(`The sample has no ${type} field.`);
    const { good, bad, sql } = cases[type];
    expect(fieldValueSchema(field).safeParse(good).success).toBe(true);
    expect(fieldValueSchema(field).safeParse(bad).success).toBe(false);
    expect(fieldSqlType(field)).toBe(sql);
    expect(isListField(field)).toBe(sql.endsWith('[]'));
  });

  it('holds a list for many links and several people', () => {
    expect(fieldSqlType({ type: 'link', targetTableId: person, cardinality: 'many' })).toBe('uuid[]');
    expect(fieldValueSchema({ type: 'user', multiple: true }).safeParse([person]).success).toBe(true);
  });
});
