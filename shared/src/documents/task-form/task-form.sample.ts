import { customers } from '../table/table.sample';
import type { TaskForm } from './task-form.schema';
import type { TaskFormField } from './task-form-fields.schema';

// A taskForm using every part of its schema: a fixture for tests here and in other packages.
export const fieldDefaults = { helpText: '', required: false };

export const taskFormSample: TaskForm = {
  kind: 'taskForm',
  schemaVersion: 3,
  title: 'Purchase request',
  description: {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Ask for something to be ' },
          { type: 'text', text: 'bought', marks: [{ type: 'bold' }] },
          { type: 'text', text: '; see the ' },
          {
            type: 'text',
            text: 'policy',
            marks: [{ type: 'link', attrs: { href: 'https://example.com/buy' } }],
          },
          { type: 'text', text: '.' },
        ],
      },
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Before you ask' }] },
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Get a quote' }] }],
          },
        ],
      },
    ],
  },
  fields: [
    {
      ...fieldDefaults,
      id: 'f01',
      order: 'a0',
      key: 'item',
      type: 'text',
      label: 'Item',
      placeholder: 'What should be bought?',
      validation: { maxLength: 80 },
    },
    {
      ...fieldDefaults,
      id: 'f02',
      order: 'a1',
      key: 'reason',
      label: 'Reason',
      type: 'longText',
      default: 'Because',
    },
    {
      ...fieldDefaults,
      id: 'f03',
      order: 'a2',
      key: 'quantity',
      label: 'Quantity',
      type: 'number',
      validation: { min: 1, integer: true },
    },
    {
      ...fieldDefaults,
      id: 'f04',
      order: 'a3',
      key: 'price',
      label: 'Price',
      type: 'decimal',
      scale: 2,
      currencyCode: 'EUR',
      required: true,
      validation: { min: 0, max: 100_000 },
    },
    {
      ...fieldDefaults,
      id: 'f05',
      order: 'a4',
      key: 'needed',
      label: 'Needed by',
      type: 'date',
      default: 'today',
    },
    {
      ...fieldDefaults,
      id: 'f06',
      order: 'a5',
      key: 'meeting',
      label: 'Meeting',
      type: 'dateTime',
      default: '2024-05-01T10:00:00+02:00',
    },
    {
      ...fieldDefaults,
      id: 'f07',
      order: 'a6',
      key: 'urgent',
      label: 'Urgent',
      type: 'boolean',
      default: false,
    },
    {
      ...fieldDefaults,
      id: 'f08',
      order: 'a7',
      key: 'category',
      label: 'Category',
      type: 'select',
      options: [
        { id: 'o1', label: 'Hardware', value: 'hardware', order: 'a0' },
        { id: 'o2', label: 'Software', value: 'software', order: 'a1' },
      ],
      default: 'o2',
    },
    {
      ...fieldDefaults,
      id: 'f09',
      order: 'a8',
      key: 'tags',
      label: 'Tags',
      type: 'multiSelect',
      options: [{ id: 'o3', label: 'Team', value: 'team', order: 'a0' }],
      default: ['o3'],
      validation: { maxSelected: 1 },
    },
    {
      ...fieldDefaults,
      id: 'f10',
      order: 'a9',
      key: 'contact',
      label: 'Contact',
      type: 'email',
      default: 'buyer@example.com',
    },
    { ...fieldDefaults, id: 'f11', order: 'b00', key: 'phone', label: 'Phone', type: 'phone' },
    {
      ...fieldDefaults,
      id: 'f12',
      order: 'b01',
      key: 'quote',
      label: 'Quote',
      type: 'file',
      validation: { allowedTypes: ['application/pdf', '.docx', 'image/*'], maxSizeBytes: 5_000_000 },
    },
    {
      ...fieldDefaults,
      id: 'f13',
      order: 'b02',
      key: 'approver',
      label: 'Approver',
      type: 'user',
      default: 'currentUser',
    },
    {
      id: 'f14',
      order: 'b03',
      type: 'section',
      label: 'Delivery',
      helpText: '',
      visibleWhen: { type: 'comparison', left: 'category', operator: 'eq', right: 'hardware' },
    },
  ],
};

// A link field, kept out of the sample: other packages publish the sample as it is, and a link needs its table
// published first (the reference check).
export const linkFieldSample = {
  ...fieldDefaults,
  id: 'f15',
  order: 'b05',
  key: 'customer',
  label: 'Customer',
  type: 'link',
  targetTableId: customers,
  cardinality: 'one',
} as const satisfies TaskFormField;
