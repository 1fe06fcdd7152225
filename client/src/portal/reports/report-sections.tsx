import type { DatasetColumn, DatasetResult } from '@erp/shared/api/datasets';
import { columnLabel, formatCell } from '@erp/shared/reports';
import { ChartColumnBig } from 'lucide-react';
import { Notice } from '../../ui/alert';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { Table, Td, Th } from '../../ui/table';
import { ReportChart } from './report-chart';

// A dataset's result, section by section: numbers, tables and charts (each chart with its figures in a table for
// those who cannot see it). The portal's report page and the dataset builder's preview both show it.

type Section = DatasetResult['sections'][number];
type SectionWidth = NonNullable<Section['width']>;
type Row = Record<string, unknown>;
const additive = new Set(['count', 'sum']);

function DataTable({ columns, rows, label }: { columns: DatasetColumn[]; rows: Row[]; label: string }) {
  return (
    <Table label={label}>
      <caption className="sr-only">{label}</caption>
      <thead className="bg-neutral-50">
        <tr>
          {columns.map((column) => (
            <Th key={column.id} className={column.role === 'aggregate' ? 'text-right' : undefined}>
              {columnLabel(column)}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-100">
        {rows.map((row, index) => (
          // Rows are groups with no id of their own; their order is the result's.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <tr key={index}>
            {columns.map((column) => (
              <Td
                key={column.id}
                className={column.role === 'aggregate' ? 'text-right tabular-nums' : undefined}
              >
                {formatCell(row[column.alias], column)}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

// A number is the one row's value, or the total over groups where adding up is meaningful.
function kpiNumber(measure: DatasetColumn, rows: Row[]): unknown {
  if (rows.length === 1) return rows[0]?.[measure.alias];
  if (measure.fn && additive.has(measure.fn))
    return rows.reduce((sum, row) => sum + (Number(row[measure.alias]) || 0), 0);
  return null;
}

const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** "+12 % vs last month", or why there is nothing to compare with. */
export function describeChange(current: unknown, before: unknown, label: string): string {
  if (typeof current !== 'number' || typeof before !== 'number') return `No figure for ${label}`;
  if (before === 0) return current === 0 ? `No change vs ${label}` : `Up from 0 in ${label}`;
  return `${percent.format(((current - before) / Math.abs(before)) * 100)} % vs ${label}`;
}

/** A section's width: its own, else a third for a number (they sit side by side) and the full row for the rest. */
export const sectionWidthOf = (section: Pick<Section, 'width' | 'chart'>): SectionWidth =>
  section.width ?? (section.chart.type === 'number' ? 'third' : 'full');

const widthClasses = {
  full: 'md:col-span-6',
  half: 'md:col-span-3',
  third: 'md:col-span-2',
} satisfies Record<SectionWidth, string>;

function NumberSection({ section, result, measure }: SectionProps & { measure?: DatasetColumn }) {
  const value = measure ? kpiNumber(measure, result.rows) : null;
  const previous = result.previous;
  const change =
    measure && previous && section.chart.compare
      ? describeChange(value, kpiNumber(measure, previous.rows), previous.label)
      : null;
  const tone =
    change?.startsWith('+') || change?.startsWith('Up')
      ? 'text-emerald-700'
      : change?.startsWith('-')
        ? 'text-red-700'
        : 'text-neutral-600';
  return (
    // Its own height beside a taller chart in the same row.
    <Card className={`self-start px-5 py-4 ${widthClasses[sectionWidthOf(section)]}`}>
      <h2 className="text-sm font-medium text-neutral-600">{section.title || 'Untitled section'}</h2>
      <p className="mt-2 text-3xl font-semibold tabular-nums text-neutral-900">
        {measure && value !== null && value !== undefined ? formatCell(value, measure) : '—'}
      </p>
      {change && <p className={`mt-1 text-sm font-medium ${tone}`}>{change}</p>}
      {section.description && <p className="mt-1 text-sm text-neutral-500">{section.description}</p>}
    </Card>
  );
}

interface SectionProps {
  section: Section;
  result: DatasetResult;
}

function ReportSection({ section, result }: SectionProps) {
  const byId = (id: string) => result.columns.find((column) => column.id === id);
  const dimension = section.chart.dimensionId ? byId(section.chart.dimensionId) : undefined;
  const measures = section.chart.measureIds.flatMap((id) => byId(id) ?? []);
  const title = section.title || 'Untitled section';
  if (section.chart.type === 'number')
    return <NumberSection section={section} result={result} measure={measures[0]} />;
  // A table without a chosen dimension shows every grouping (what its rows are) beside its measures.
  const groupings = result.columns.filter((column) => column.role === 'grouping');
  const columns =
    section.chart.type === 'table' && !dimension
      ? [
          ...groupings,
          ...(measures.length > 0 ? measures : result.columns.filter((c) => c.role === 'aggregate')),
        ]
      : [...(dimension ? [dimension] : []), ...measures];
  return (
    <Card className={`min-w-0 ${widthClasses[sectionWidthOf(section)]}`}>
      <CardHeader title={title} description={section.description || undefined} />
      {result.rows.length === 0 ? (
        <p className="px-5 py-6 text-sm text-neutral-600">No rows match this report right now.</p>
      ) : section.chart.type === 'table' || !dimension ? (
        <DataTable columns={columns} rows={result.rows} label={title} />
      ) : (
        <>
          <figure
            className="px-2 py-4 sm:px-4"
            aria-label={`${title}: chart; the figures are in the table below`}
          >
            <ReportChart
              type={section.chart.type}
              dimension={dimension}
              measures={measures}
              rows={result.rows}
            />
          </figure>
          <details className="border-t border-neutral-200">
            <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-indigo-700">
              Show the figures as a table
            </summary>
            <DataTable columns={columns} rows={result.rows} label={`${title}, figures`} />
          </details>
        </>
      )}
    </Card>
  );
}

/** Every section of a result, or its figures as one table while it has none. */
export function ReportBody({ result: data }: { result: DatasetResult }) {
  return (
    <>
      {data.truncated && (
        <Notice>
          Only the first {data.rows.length.toLocaleString()} rows are shown; the report has more.
        </Notice>
      )}
      {data.sections.length === 0 ? (
        <Card>
          <EmptyState icon={ChartColumnBig} title="This report has no sections yet">
            <p>Its developer has not chosen how to show the figures. Here they are as a table:</p>
          </EmptyState>
          <DataTable columns={data.columns} rows={data.rows} label="Figures" />
        </Card>
      ) : (
        // Six columns on wide screens so that halves and thirds fit; one column on phones.
        <div className="grid grid-cols-1 gap-4 md:grid-cols-6">
          {data.sections.map((section) => (
            <ReportSection key={section.id} section={section} result={data} />
          ))}
        </div>
      )}
    </>
  );
}
