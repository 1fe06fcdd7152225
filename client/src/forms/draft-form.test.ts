import { checkTaskFormData } from '@erp/shared/forms';
import { describe, expect, it } from 'vitest';
import { readDraftForm } from './draft-form';
import { problemsAfterEdit } from './published-form';

const base = { helpText: '', required: true };

describe('the one renderer reads drafts', () => {
  it('keeps the fields that are complete, in order, and checks answers like the server', () => {
    const form = readDraftForm({
      title: 'Approve',
      description: 7,
      fields: [
        { ...base, id: 'f1', order: 'a0', key: 'amount', type: 'number', label: 'Amount' },
        // Half-edited: a dropdown without options is not a field yet.
        { ...base, id: 'f2', order: 'a1', key: 'size', type: 'dropdown', label: 'Size' },
        { id: 'f3', type: 'text' },
        { ...base, id: 'f4', order: 'a2', key: 'note', type: 'text', label: 'Note', required: false },
      ],
    });
    expect(form).toMatchObject({
      kind: 'taskForm',
      title: 'Approve',
      description: { type: 'doc', content: [] },
    });
    expect(form.fields.map((field) => field.id)).toEqual(['f1', 'f4']);
    expect(checkTaskFormData(form, { note: 'x' })).toEqual({
      ok: false,
      problems: { amount: 'Amount is required.' },
    });
    expect(checkTaskFormData(form, { amount: 5 })).toEqual({ ok: true, data: { amount: 5 } });
  });

  it('reads anything that is not a form as an empty one', () => {
    expect(readDraftForm(null).fields).toEqual([]);
    expect(readDraftForm({ fields: 'nope' }).fields).toEqual([]);
  });

  it('clears the problem of a field once it is edited, and only that one', () => {
    const problems = { amount: 'Amount is required.', note: 'Too long.' };
    expect(problemsAfterEdit(problems, { note: 'aaa' }, { note: 'aaa', amount: 3 })).toEqual({
      note: 'Too long.',
    });
  });
});
