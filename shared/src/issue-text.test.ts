import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateDocument } from './documents/schemas';
import { taskFormSample } from './documents/task-form/task-form.sample';
import { parseInput } from './errors';
import { describeLocation } from './issue-text';

const form = (fields: unknown[]) => ({ ...taskFormSample, fields });
const field = { id: 'x1', order: 'a0', key: 'city', type: 'text', helpText: '', required: false };

describe('validation issues told to people', () => {
  it('names a field by its label, shortened, and by position while it has none; never by id', () => {
    const long = `Destination ${'very '.repeat(120)}far away`;
    const result = validateDocument(
      'taskForm',
      form([{ ...field, label: long, helpText: 'x'.repeat(5001) }]),
    );
    const where = 'Field “Destination very very very very very…”';
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: ['fields', 'x1', 'label'],
        where,
        message: 'The label is too long: use at most 500 characters.',
      },
      {
        path: ['fields', 'x1', 'helpText'],
        where,
        message: 'The help text is too long: use at most 5,000 characters.',
      },
    ]);
    const unlabelled = validateDocument('taskForm', form([{ ...field, label: ' ' }]));
    expect(unlabelled.ok ? [] : unlabelled.issues).toEqual([
      {
        path: ['fields', 'x1', 'label'],
        where: 'Field 1',
        message: 'Give this field a label: it is what people see.',
      },
    ]);
  });

  it('goes through nested entities and settings in words', () => {
    const content = { fields: [{ label: 'Trip', options: [{ label: '' }, { label: 'Rome' }] }] };
    expect(describeLocation(['fields', 0, 'options', 0, 'label'], content)).toBe('Field “Trip” › Option 1');
    expect(describeLocation(['fields', 0, 'options', 1, 'value'], content)).toBe(
      'Field “Trip” › Option “Rome”',
    );
    expect(describeLocation(['fields', 0, 'validation', 'maxLength'], content)).toBe(
      'Field “Trip” › validation',
    );
    expect(describeLocation(['title'], content)).toBe('');
  });

  it('says a file of another kind is one, instead of quoting the expected literal', () => {
    const result = validateDocument('taskForm', { ...taskFormSample, kind: 'flow' });
    expect(result.ok ? [] : result.issues).toEqual([
      { path: ['kind'], where: '', message: 'This is a flow, not a task form.' },
    ]);
    const unknown = validateDocument('taskForm', { ...taskFormSample, kind: 'spreadsheet' });
    expect(unknown.ok ? [] : unknown.issues.map((issue) => issue.message)).toEqual([
      'This is not a task form.',
    ]);
  });

  it('words API input problems the same way, keeping a schema’s own message', () => {
    const schema = z.object({
      name: z.string().max(3),
      count: z.number().int(),
      email: z.email(),
      code: z.string().regex(/^[A-Z]+$/, 'Use capital letters.'),
    });
    const issues = (() => {
      try {
        parseInput(schema, { name: 'four', count: 1.5, email: 'nope', code: 'abc' });
      } catch (error) {
        return (error as { details: { issues: { message: string }[] } }).details.issues;
      }
      return [];
    })();
    expect(issues.map((issue) => issue.message)).toEqual([
      'The name is too long: use at most 3 characters.',
      'The count should be a whole number.',
      'The email should be an email address.',
      'Use capital letters.',
    ]);
  });
});
