import { describe, expect, it } from 'vitest';
import { linkFieldSample, taskFormSample } from './task-form.sample';
import type { TaskForm } from './task-form.schema';
import { checkTaskFormData, initialFormData, listVisibleFields } from './task-form-data';

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

describe('checkTaskFormData: link fields', () => {
  const record = '8f14e45f-ceea-467a-a866-051f9c3b1b2a';
  const form = { fields: [{ ...linkFieldSample, required: true }] };
  it('holds one record id, or a list of distinct ids for several; a record is required like any value', () => {
    expect(checkTaskFormData(form, { customer: record })).toEqual({ ok: true, data: { customer: record } });
    expect(checkTaskFormData(form, { customer: [record] })).toMatchObject({ ok: false });
    expect(checkTaskFormData(form, { customer: "'; drop table users; --" })).toMatchObject({ ok: false });
    expect(checkTaskFormData(form, {})).toEqual({
      ok: false,
      problems: { customer: 'Customer is required.' },
    });
    const many = { fields: [{ ...linkFieldSample, cardinality: 'many' as const }] };
    expect(checkTaskFormData(many, { customer: [record] })).toMatchObject({ ok: true });
    expect(checkTaskFormData(many, { customer: [record, record] })).toEqual({
      ok: false,
      problems: { customer: 'Link each record once.' },
    });
  });
});

describe('initialFormData: a form starts with its defaults', () => {
  const base = { ...field, order: 'a0' };
  const options = [
    { id: 'o1', order: 'a0', label: 'Low', value: 'low' },
    { id: 'o2', order: 'a1', label: 'High', value: 'high' },
  ];
  const form: Pick<TaskForm, 'fields'> = {
    fields: [
      { ...base, id: 'f1', key: 'note', label: 'Note', type: 'text', default: 'n/a' },
      { ...base, id: 'f2', key: 'day', label: 'Day', type: 'date', default: 'today' },
      { ...base, id: 'f3', key: 'at', label: 'At', type: 'dateTime', default: 'now' },
      { ...base, id: 'f4', key: 'who', label: 'Who', type: 'user', default: 'currentUser' },
      { ...base, id: 'f5', key: 'team', label: 'Team', type: 'user', multiple: true, default: 'currentUser' },
      { ...base, id: 'f6', key: 'level', label: 'Level', type: 'select', options, default: 'o2' },
      {
        ...base,
        id: 'f7',
        key: 'tags',
        label: 'Tags',
        type: 'multiSelect',
        options,
        default: ['o1', 'gone'],
      },
      { ...base, id: 'f8', key: 'ok', label: 'OK', type: 'boolean', default: false },
      { ...base, id: 'f9', key: 'count', label: 'Count', type: 'number' },
      { ...field, id: 's1', order: 'a1', label: 'Part two', type: 'section' },
    ],
  };
  const userId = '6f0d3c2e-6f1a-4b7e-9a55-0a8f1b2c3d4e';

  it('resolves today, now, the current user and options by id; fields without a default stay empty', () => {
    const now = new Date(2026, 11, 31, 23, 30);
    expect(initialFormData(form, { userId, now })).toEqual({
      note: 'n/a',
      day: '2026-12-31',
      at: now.toISOString(),
      who: userId,
      team: [userId],
      level: 'high',
      tags: ['low'],
      ok: false,
    });
  });

  it('gives values the form itself accepts', () => {
    expect(checkTaskFormData(form, initialFormData(form, { userId, now: new Date() })).ok).toBe(true);
  });
});
