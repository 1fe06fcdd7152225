import type { Table } from './table.schema';

// A table using every part of its schema: a fixture for tests here and in other packages.
export const customers = 'c1d2e3f4-0000-4000-8000-000000000001';
export const blankField = { name: '', description: '', required: false, unique: false };

const statuses = [
  { id: 'o1', label: 'Open', value: 'open', order: 'a0' },
  { id: 'o2', label: 'Done', value: 'done', order: 'a1' },
];

export const tableSample: Table = {
  kind: 'table',
  schemaVersion: 2,
  description: 'Orders placed by customers',
  displayFieldId: 'f01',
  access: { read: ['developer', 'reviewer', 'employee'], write: ['developer'] },
  fields: [
    {
      ...blankField,
      id: 'f01',
      order: 'a0',
      key: 'number',
      type: 'text',
      name: 'Number',
      unique: true,
      validation: { maxLength: 20 },
    },
    { ...blankField, id: 'f02', order: 'a1', key: 'notes', type: 'longText' },
    { ...blankField, id: 'f03', order: 'a2', key: 'weight', type: 'number', default: 0 },
    {
      ...blankField,
      id: 'f04',
      order: 'a3',
      key: 'total',
      type: 'decimal',
      scale: 2,
      default: 0,
      required: true,
    },
    { ...blankField, id: 'f05', order: 'a4', key: 'paid', type: 'boolean', default: false },
    { ...blankField, id: 'f06', order: 'a5', key: 'ordered', type: 'date', default: 'today' },
    { ...blankField, id: 'f07', order: 'a6', key: 'shipped', type: 'dateTime' },
    { ...blankField, id: 'f08', order: 'a7', key: 'contact', type: 'email' },
    {
      ...blankField,
      id: 'f09',
      order: 'a8',
      key: 'tracking',
      type: 'url',
      default: 'https://track.example.com',
    },
    { ...blankField, id: 'f15', order: 'a8V', key: 'phone', type: 'phone' },
    {
      ...blankField,
      id: 'f10',
      order: 'a9',
      key: 'status',
      type: 'select',
      options: statuses,
      default: 'o1',
    },
    { ...blankField, id: 'f11', order: 'b00', key: 'labels', type: 'multiSelect', options: [], default: [] },
    { ...blankField, id: 'f12', order: 'b01', key: 'owner', type: 'user', default: 'currentUser' },
    {
      ...blankField,
      id: 'f13',
      order: 'b02',
      key: 'customer',
      type: 'link',
      targetTableId: customers,
      cardinality: 'one',
    },
    {
      ...blankField,
      id: 'f14',
      order: 'b03',
      key: 'invoice',
      type: 'file',
      validation: { allowedTypes: ['application/pdf'] },
    },
  ],
};
