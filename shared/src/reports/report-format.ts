import type { DatasetColumn } from '../api/datasets';

// How the portal and a mailed report write a dataset's values and headings, and the colours of its charts.

/** Series colours, in order: the portal's charts and the PNG of a mailed report use the same. */
export const chartColors = ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#475569'];

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A value of a dataset column as people read it (empty groups say so). */
export function formatCell(value: unknown, column: DatasetColumn): string {
  if (value === null || value === undefined) return column.role === 'grouping' ? '(empty)' : '—';
  const labels = column.optionLabels;
  if (labels) {
    const label = (item: unknown) =>
      Object.hasOwn(labels, String(item)) ? labels[String(item)] : String(item);
    if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.map(label).join(', ');
    return String(label(value));
  }
  if (typeof value === 'number') return numbers.format(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.join(', ');
  if (column.type === 'dateTime') return new Date(String(value)).toLocaleString();
  return String(value);
}

/** A column's heading: its alias in words (`revenueTotal` → "Revenue total"). */
export function columnLabel(column: DatasetColumn): string {
  const words = column.alias
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
