import { describe, expect, it } from 'vitest';
import { taskFormSample } from './task-form.sample';
import type { TaskForm } from './task-form.schema';
import { checkTaskFormData, listVisibleFields } from './task-form-data';

const field = { helpText: '', required: false };
const leave: Pick<TaskForm, 'fields'> = {
  fields: [
    {
      ...field,
      id: 'f1',
      order: 'a0',
      key: 'days',
      label: 'Days',
      type: 'number',
      required: true,
      validation: { min: 1, integer: true },
    },
    {
      ...field,
      id: 'f2',
      order: 'a1',
      key: 'kind',
      label: 'Kind',
      type: 'select',
      options: [
        { id: 'o1', order: 'a0', label: 'Holiday', value: 'holiday' },
        { id: 'o2', order: 'a1', label: 'Other', value: 'other' },
      ],
    },
    {
      ...field,
      id: 'f3',
      order: 'a2',
      key: 'why',
      label: 'Why',
      type: 'text',
      required: true,
      visibleWhen: { type: 'comparison', left: 'kind', operator: 'eq', right: 'other' },
    },
  ],
};

describe('checkTaskFormData: the same checks in the portal and on the server', () => {
  it('accepts valid answers and keeps only the visible fields', () => {
    expect(checkTaskFormData(leave, { days: 3, kind: 'holiday', why: 'hidden, so dropped' })).toEqual({
      ok: true,
      data: { days: 3, kind: 'holiday' },
    });
  });

  it('requires required visible fields, checks types and rules, refuses unknown keys', () => {
    expect(checkTaskFormData(leave, { days: 1.5, kind: 'other', extra: 1 })).toEqual({
      ok: false,
      problems: {
        days: expect.any(String),
        why: 'Why is required.',
        extra: 'This form has no such field.',
      },
    });
    expect(checkTaskFormData(leave, { days: 2, kind: 'nope' })).toMatchObject({
      ok: false,
      problems: { kind: expect.any(String) },
    });
  });

  it('a draft may leave required fields empty, but what it has must be valid', () => {
    expect(checkTaskFormData(leave, {}, { partial: true })).toEqual({ ok: true, data: {} });
    expect(checkTaskFormData(leave, { days: 0 }, { partial: true }).ok).toBe(false);
  });

  it('a hidden field shows when its condition holds', () => {
    expect(
      listVisibleFields(leave, { kind: 'other' }).map((item) =>
        item.type === 'section' ? item.label : item.key,
      ),
    ).toEqual(['days', 'kind', 'why']);
    expect(
      listVisibleFields(leave, {}).map((item) => (item.type === 'section' ? item.label : item.key)),
    ).toEqual(['days', 'kind']);
  });

  it('checks every field type of the sample form against its settings', () => {
    const result = checkTaskFormData(taskFormSample, {
      price: 12.5,
      tags: ['team'],
      contact: 'a@example.com',
    });
    expect(result).toMatchObject({ ok: true });
    expect(checkTaskFormData(taskFormSample, { price: -1, contact: 'not an email' })).toMatchObject({
      ok: false,
      problems: { price: expect.any(String), contact: expect.any(String) },
    });
  });
});
