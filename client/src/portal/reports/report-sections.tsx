import type { DatasetColumn, DatasetResult } from '@erp/shared/api/datasets';
import { ChartColumnBig } from 'lucide-react';
import { Notice } from '../../ui/alert';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { Table, Td, Th } from '../../ui/table';
import { ReportChart } from './report-chart';
import { columnLabel, formatCell } from './report-format';

// A dataset's result, section by section: numbers, tables and charts (each chart with its figures in a table for
// those who cannot see it). The portal's report page and the dataset builder's preview both show it.

type Section = DatasetResult['sections'][number];
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
function kpiValue(measure: DatasetColumn, rows: Row[]): string {
  if (rows.length === 1) return formatCell(rows[0]?.[measure.alias], measure);
  if (measure.fn && additive.has(measure.fn))
    return formatCell(
      rows.reduce((sum, row) => sum + (Number(row[measure.alias]) || 0), 0),
      measure,
    );
  return '—';
}

function ReportSection({ section, result }: { section: Section; result: DatasetResult }) {
  const byId = (id: string) => result.columns.find((column) => column.id === id);
  const dimension = section.chart.dimensionId ? byId(section.chart.dimensionId) : undefined;
  const measures = section.chart.measureIds.flatMap((id) => byId(id) ?? []);
  const title = section.title || 'Untitled section';
  if (section.chart.type === 'number') {
    const [measure] = measures;
    return (
      <Card className="px-5 py-4">
        <h2 className="text-sm font-medium text-neutral-600">{title}</h2>
        <p className="mt-2 text-3xl font-semibold tabular-nums text-neutral-900">
          {measure ? kpiValue(measure, result.rows) : '—'}
        </p>
        {section.description && <p className="mt-1 text-sm text-neutral-500">{section.description}</p>}
      </Card>
    );
  }
  const columns =
    section.chart.type === 'table' && !dimension && measures.length === 0
      ? result.columns
      : [...(dimension ? [dimension] : []), ...measures];
  return (
    <Card className="sm:col-span-2">
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
        <div className="grid gap-4 sm:grid-cols-2">
          {data.sections.map((section) => (
            <ReportSection key={section.id} section={section} result={data} />
          ))}
        </div>
      )}
    </>
  );
}
