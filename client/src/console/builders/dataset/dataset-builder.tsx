import type { DatasetResult } from '@erp/shared/api/datasets';
import { datasetResultSchema } from '@erp/shared/api/datasets';
import type { LiveTableView } from '@erp/shared/api/records';
import {
  aggregateFunctions,
  type Chart,
  chartTypes,
  type Dataset,
  datasetAggregates,
  datasetGroupings,
  datasetJoins,
  datasetSections,
  dateBuckets,
  getDatasetText,
  isTableSource,
  readDataset,
  updateDataset,
  validateDocument,
} from '@erp/shared/documents';
import { Plus, Trash2 } from 'lucide-react';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { apiRequest } from '../../../api/client';
import * as documentsApi from '../../../api/documents';
import { useApi } from '../../../api/use-api';
import { useSharedText } from '../../../collab';
import { ConditionEditor } from '../../../conditions/condition-editor';
import { conditionFieldsOf } from '../../../conditions/condition-model';
import { ReportBody, sectionWidthOf } from '../../../portal/reports/report-sections';
import { ErrorAlert } from '../../../ui/alert';
import { Button } from '../../../ui/button';
import { Card, CardHeader } from '../../../ui/card';
import { Field, inputClasses, SelectField, textareaClasses } from '../../../ui/field';
import { LoadingState } from '../../../ui/spinner';
import type { BuilderProps } from '../builder-props';
import { ChecksCard } from '../checks-card';
import { useDocumentJson } from '../use-document-json';
import { FlowDataAccess, SectionLayout } from './section-options';
import { useSourceTables, useWorkDataSources } from './source-tables';

// The dataset builder: the main table and the tables its links reach, a filter, groupings and aggregates, the
// sections that show them, and a live preview of real rows (the same query the published report runs).

interface Column {
  path: string;
  label: string;
  type: string;
  options?: { value: string; label: string }[];
}

const fnLabels: Record<(typeof aggregateFunctions)[number], string> = {
  count: 'Count',
  sum: 'Sum',
  avg: 'Average',
  min: 'Smallest',
  max: 'Largest',
  distinctCount: 'Distinct count',
  median: 'Median',
  p90: '90th percentile',
  p95: '95th percentile',
  p99: '99th percentile',
};
const chartLabels: Record<Chart['type'], string> = {
  table: 'Table',
  number: 'Number (KPI)',
  bar: 'Bar chart',
  line: 'Line chart',
  area: 'Area chart',
  pie: 'Pie chart',
};

/** The columns a dataset can read: the main table's fields and those of each table a join reaches. */
function columnsOf(draft: Partial<Dataset>, tables: Map<string, LiveTableView>): Column[] {
  const main = draft.tableId ? tables.get(draft.tableId) : undefined;
  if (!main) return [];
  const fieldsOf = (alias: string, table: LiveTableView, prefix: string) =>
    table.table.fields.map((field) => ({
      path: `${alias}.${field.key}`,
      label: `${prefix}${field.name || field.key}`,
      type: field.type,
      options: 'options' in field ? field.options : undefined,
    }));
  const joined = (draft.joins ?? []).flatMap((join) => {
    const link = main.table.fields.find((field) => field.id === join.relationFieldId);
    const target = link?.type === 'link' ? tables.get(link.targetTableId) : undefined;
    return target && link ? fieldsOf(join.alias, target, `${link.name || link.key} › `) : [];
  });
  return [...fieldsOf('main', main, ''), ...joined];
}

/** A machine alias not taken yet, from a readable stem (`amount`, `sum_amount`). */
function freeAlias(stem: string, taken: readonly string[]): string {
  const base = stem.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^[^a-z]+/, '') || 'value';
  let alias = base;
  for (let number = 2; taken.includes(alias); number += 1) alias = `${base}_${number}`;
  return alias;
}

export default function DatasetBuilder({ session, snapshot }: BuilderProps) {
  const { doc, origin } = session;
  const isReadOnly = snapshot.isReadOnly;
  const draft = useDocumentJson(doc, readDataset) as Partial<Dataset>;
  const [description, setDescription] = useSharedText(getDatasetText(doc, 'description'), origin);
  const tableList = useApi('tables', (signal) =>
    documentsApi.listDocuments({ kind: 'table', limit: 200 }, signal),
  );
  const published = (tableList.data?.items ?? []).filter((item) => item.publication.liveVersion !== null);
  const tables = useSourceTables(draft);
  const workData = useWorkDataSources();
  const readsWorkData = [...tables.keys()].some((id) => !isTableSource(id));
  const columns = useMemo(() => columnsOf(draft, tables), [draft, tables]);
  const main = draft.tableId ? tables.get(draft.tableId) : undefined;
  const groupings = draft.groupings ?? [];
  const aggregates = draft.aggregates ?? [];
  const aliases = [...groupings, ...aggregates].map((column) => column.alias);
  const issues = useMemo(() => {
    const result = validateDocument('dataset', draft);
    return result.ok ? [] : result.issues;
  }, [draft]);
  // Aliases name the result's columns: they follow what a column is (`department`, `sum_amount`).
  const aliasFor = (id: string, stem: string) =>
    freeAlias(
      stem,
      [...groupings, ...aggregates].filter((column) => column.id !== id).map((column) => column.alias),
    );
  const setMeasure = (id: string, fn: (typeof aggregateFunctions)[number], field: string | undefined) => {
    const stem = field ? `${fn}_${field.split('.')[1] ?? ''}` : fn;
    datasetAggregates.update(doc, id, { fn, field, alias: aliasFor(id, stem) }, origin);
  };
  const columnLabel = (id: string | undefined) =>
    [...groupings, ...aggregates].find((column) => column.id === id)?.alias ?? '';

  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <div className="min-w-0 space-y-6 xl:col-span-3">
        <Card>
          <CardHeader
            title="Data"
            description="The rows the report starts from, and the tables their links reach."
          />
          <div className="space-y-4 p-5">
            <Field
              label="Main source"
              help="A published table, or the work data of flows: instances, tasks, a form's answers."
            >
              {(control) => (
                <select
                  {...control}
                  className={inputClasses}
                  value={draft.tableId ?? ''}
                  disabled={isReadOnly}
                  onChange={(event) => updateDataset(doc, { tableId: event.target.value || null }, origin)}
                >
                  <option value="">Choose a source…</option>
                  {[
                    { label: 'Tables', sources: published },
                    { label: 'Flow data', sources: workData },
                  ].map((group) => (
                    <optgroup key={group.label} label={group.label}>
                      {group.sources.map((source) => (
                        <option key={source.id} value={source.id}>
                          {source.name}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </Field>
            {main && (
              <JoinList
                main={main}
                joins={draft.joins ?? []}
                isReadOnly={isReadOnly}
                onAdd={(fieldId, alias) =>
                  datasetJoins.add(doc, { alias, relationFieldId: fieldId, type: 'left' }, origin)
                }
                onRemove={(id) => datasetJoins.remove(doc, id, origin)}
              />
            )}
            {readsWorkData && (
              <FlowDataAccess
                value={draft.allFlowDataRoles ?? []}
                isReadOnly={isReadOnly}
                onChange={(allFlowDataRoles) => updateDataset(doc, { allFlowDataRoles }, origin)}
              />
            )}
            <Field label="Description" help="Shown above the report.">
              {(control) => (
                <textarea
                  {...control}
                  rows={2}
                  className={textareaClasses}
                  value={description}
                  readOnly={isReadOnly}
                  onChange={(event) => setDescription(event.target.value)}
                />
              )}
            </Field>
          </div>
        </Card>

        <Card>
          <CardHeader
            title="Filter"
            description="Which rows count. Dates can be relative, such as this month."
          />
          <div className="p-5">
            <ConditionEditor
              value={draft.filter}
              fields={conditionFieldsOf(columns.map((column) => ({ ...column, key: column.path })))}
              isReadOnly={isReadOnly}
              emptyText="No filter: every row counts."
              onChange={(filter) => updateDataset(doc, { filter }, origin)}
            />
          </div>
        </Card>

        <Card>
          <CardHeader
            title="Group by and measure"
            description="Rows are grouped by these columns; each group gets the measures."
          />
          <div className="space-y-5 p-5">
            <PartList
              title="Group by"
              itemName="grouping"
              items={groupings}
              isReadOnly={isReadOnly}
              empty="No grouping: the measures are over all rows."
              addLabel="Add grouping"
              onAdd={() => {
                const first = columns[0];
                if (first)
                  datasetGroupings.add(
                    doc,
                    { field: first.path, alias: freeAlias(first.path.split('.')[1] ?? '', aliases) },
                    origin,
                  );
              }}
              onRemove={(id) => datasetGroupings.remove(doc, id, origin)}
              render={(grouping) => {
                const column = columns.find((candidate) => candidate.path === grouping.field);
                const isDate = column?.type === 'date' || column?.type === 'dateTime';
                return (
                  <>
                    <ColumnSelect
                      label="Column"
                      value={grouping.field}
                      columns={columns}
                      isReadOnly={isReadOnly}
                      onChange={(field) =>
                        datasetGroupings.update(
                          doc,
                          grouping.id,
                          {
                            field,
                            bucket: undefined,
                            alias: aliasFor(grouping.id, field.split('.')[1] ?? ''),
                          },
                          origin,
                        )
                      }
                    />
                    {isDate && (
                      <SelectField
                        label="By"
                        value={grouping.bucket ?? 'day'}
                        options={dateBuckets.map((bucket) => ({ value: bucket, label: bucket }))}
                        disabled={isReadOnly}
                        onChange={(bucket) =>
                          datasetGroupings.update(
                            doc,
                            grouping.id,
                            { bucket: bucket as (typeof dateBuckets)[number] },
                            origin,
                          )
                        }
                      />
                    )}
                  </>
                );
              }}
            />
            <PartList
              title="Measures"
              itemName="measure"
              items={aggregates}
              isReadOnly={isReadOnly}
              empty="No measure yet: add a count or a sum."
              addLabel="Add measure"
              onAdd={() =>
                datasetAggregates.add(doc, { fn: 'count', alias: freeAlias('count', aliases) }, origin)
              }
              onRemove={(id) => datasetAggregates.remove(doc, id, origin)}
              render={(aggregate) => (
                <>
                  <SelectField
                    label="Measure"
                    value={aggregate.fn}
                    options={aggregateFunctions.map((fn) => ({ value: fn, label: fnLabels[fn] }))}
                    disabled={isReadOnly}
                    onChange={(fn) =>
                      setMeasure(
                        aggregate.id,
                        fn as (typeof aggregateFunctions)[number],
                        aggregate.field ?? (fn === 'count' ? undefined : columns[0]?.path),
                      )
                    }
                  />
                  <ColumnSelect
                    label="Of"
                    value={aggregate.field ?? ''}
                    columns={columns}
                    empty={aggregate.fn === 'count' ? 'Rows' : undefined}
                    isReadOnly={isReadOnly}
                    onChange={(field) => setMeasure(aggregate.id, aggregate.fn, field || undefined)}
                  />
                </>
              )}
            />
          </div>
        </Card>

        <Card>
          <CardHeader
            title="Sections"
            description="How the report shows the figures: numbers, tables and charts."
          />
          <div className="p-5">
            <PartList
              title="Sections"
              itemName="section"
              items={draft.sections ?? []}
              isReadOnly={isReadOnly}
              empty="No section: the report shows the figures as one table."
              addLabel="Add section"
              onAdd={() =>
                datasetSections.add(
                  doc,
                  {
                    title: 'Figures',
                    description: '',
                    chart: { type: 'table', measureIds: aggregates.map((a) => a.id) },
                  },
                  origin,
                )
              }
              onRemove={(id) => datasetSections.remove(doc, id, origin)}
              render={(section) => (
                <SectionEditor
                  key={section.id}
                  section={section}
                  groupings={groupings.map((grouping) => ({
                    value: grouping.id,
                    label: columnLabel(grouping.id),
                  }))}
                  aggregates={aggregates.map((aggregate) => ({
                    value: aggregate.id,
                    label: columnLabel(aggregate.id),
                  }))}
                  isReadOnly={isReadOnly}
                  session={session}
                />
              )}
            />
          </div>
        </Card>
      </div>

      <div className="min-w-0 space-y-6 xl:col-span-2">
        <ChecksCard issues={issues} subject="dataset" />
        <Preview draft={draft} isValid={issues.length === 0} />
      </div>
    </div>
  );
}

function JoinList({
  main,
  joins,
  isReadOnly,
  onAdd,
  onRemove,
}: {
  main: LiveTableView;
  joins: NonNullable<Dataset['joins']>;
  isReadOnly: boolean;
  onAdd: (fieldId: string, alias: string) => void;
  onRemove: (id: string) => void;
}) {
  const links = main.table.fields.filter((field) => field.type === 'link');
  if (links.length === 0) return null;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Linked tables</legend>
      {links.map((link) => {
        const join = joins.find((candidate) => candidate.relationFieldId === link.id);
        return (
          <label key={link.id} className="flex items-center gap-2 text-sm text-neutral-700">
            <input
              type="checkbox"
              checked={!!join}
              disabled={isReadOnly}
              onChange={(event) =>
                event.target.checked
                  ? onAdd(
                      link.id,
                      freeAlias(
                        link.key,
                        joins.map((j) => j.alias),
                      ),
                    )
                  : join && onRemove(join.id)
              }
            />
            Include what {link.name || link.key} links to
          </label>
        );
      })}
    </fieldset>
  );
}

function PartList<Item extends { id: string }>({
  title,
  itemName,
  items,
  isReadOnly,
  empty,
  addLabel,
  onAdd,
  onRemove,
  render,
}: {
  title: string;
  /** What one item is called, for its Remove button. */
  itemName: string;
  items: Item[];
  isReadOnly: boolean;
  empty: string;
  addLabel: string;
  onAdd: () => void;
  onRemove: (id: string) => void;
  render: (item: Item) => ReactNode;
}) {
  return (
    <section aria-label={title} className="space-y-2">
      <h3 className="text-sm font-semibold text-neutral-900">{title}</h3>
      {items.length === 0 && <p className="text-sm text-neutral-500">{empty}</p>}
      <ul className="space-y-2">
        {items.map((item, index) => (
          <li
            key={item.id}
            className="flex flex-wrap items-end gap-2 rounded-md border border-neutral-200 p-2"
          >
            {render(item)}
            {!isReadOnly && (
              <Button
                size="sm"
                variant="ghost"
                icon={Trash2}
                className="ml-auto"
                aria-label={`Remove ${itemName} ${index + 1}`}
                onClick={() => onRemove(item.id)}
              />
            )}
          </li>
        ))}
      </ul>
      {!isReadOnly && (
        <Button size="sm" icon={Plus} onClick={onAdd}>
          {addLabel}
        </Button>
      )}
    </section>
  );
}

function ColumnSelect({
  label,
  value,
  columns,
  empty,
  isReadOnly,
  onChange,
}: {
  label: string;
  value: string;
  columns: Column[];
  empty?: string;
  isReadOnly: boolean;
  onChange: (path: string) => void;
}) {
  const options = [
    ...(empty !== undefined ? [{ value: '', label: empty }] : []),
    ...(columns.some((column) => column.path === value) || value === ''
      ? []
      : [{ value, label: `${value} (gone)` }]),
    ...columns.map((column) => ({ value: column.path, label: column.label })),
  ];
  return (
    <SelectField label={label} value={value} options={options} disabled={isReadOnly} onChange={onChange} />
  );
}

function SectionEditor({
  section,
  groupings,
  aggregates,
  isReadOnly,
  session,
}: {
  section: NonNullable<Dataset['sections']>[number];
  groupings: { value: string; label: string }[];
  aggregates: { value: string; label: string }[];
  isReadOnly: boolean;
  session: BuilderProps['session'];
}) {
  const { doc, origin } = session;
  const [title, setTitle] = useSharedText(datasetSections.getText(doc, section.id, 'title'), origin);
  const chart = section.chart;
  const setChart = (patch: Partial<Chart>) =>
    datasetSections.update(doc, section.id, { chart: { ...chart, ...patch } }, origin);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <Field label="Title">
        {(control) => (
          <input
            {...control}
            className={`${inputClasses} w-48`}
            value={title}
            readOnly={isReadOnly}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <SelectField
        label="Shown as"
        value={chart.type}
        options={chartTypes.map((type) => ({ value: type, label: chartLabels[type] }))}
        disabled={isReadOnly}
        onChange={(type) =>
          setChart({
            type: type as Chart['type'],
            // A number has no dimension; the charts take the first grouping.
            dimensionId:
              type === 'number' || type === 'table' ? undefined : (chart.dimensionId ?? groupings[0]?.value),
            measureIds: type === 'number' || type === 'pie' ? chart.measureIds.slice(0, 1) : chart.measureIds,
          })
        }
      />
      {chart.type !== 'number' && chart.type !== 'table' && (
        <SelectField
          label="Along"
          value={chart.dimensionId ?? ''}
          options={groupings}
          disabled={isReadOnly}
          onChange={(dimensionId) => setChart({ dimensionId })}
        />
      )}
      <SectionLayout
        width={sectionWidthOf(section)}
        compare={chart.type === 'number' ? (chart.compare ?? false) : undefined}
        isReadOnly={isReadOnly}
        onWidth={(width) => datasetSections.update(doc, section.id, { width }, origin)}
        onCompare={(compare) => setChart({ compare })}
      />
      <fieldset className="text-xs font-medium text-neutral-600">
        <legend>Measures</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {aggregates.map((aggregate) => (
            <label
              key={aggregate.value}
              className="flex items-center gap-1 text-sm font-normal text-neutral-700"
            >
              <input
                type="checkbox"
                disabled={isReadOnly}
                checked={chart.measureIds.includes(aggregate.value)}
                onChange={(event) =>
                  setChart({
                    measureIds: event.target.checked
                      ? [...chart.measureIds, aggregate.value]
                      : chart.measureIds.filter((id) => id !== aggregate.value),
                  })
                }
              />
              {aggregate.label}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Real rows for the draft, a moment after each edit (the query the published report will run). */
function Preview({ draft, isValid }: { draft: Partial<Dataset>; isValid: boolean }) {
  const [content, setContent] = useState<string | null>(null);
  const json = JSON.stringify(draft);
  useEffect(() => {
    if (!isValid || !draft.tableId) return setContent(null);
    const timer = setTimeout(() => setContent(json), 400);
    return () => clearTimeout(timer);
  }, [json, isValid, draft.tableId]);
  const result = useApi<DatasetResult | null>(`dataset-preview|${content ?? ''}`, (signal) =>
    content
      ? apiRequest('/api/datasets/preview', {
          method: 'POST',
          body: { content: JSON.parse(content) },
          schema: datasetResultSchema,
          signal,
        })
      : Promise.resolve(null),
  );
  return (
    <section aria-label="Preview" className="space-y-4">
      <h2 className="text-base font-semibold text-neutral-900">Preview</h2>
      {!draft.tableId || !isValid ? (
        <p className="text-sm text-neutral-500">Choose a source and fix the checks to see real rows here.</p>
      ) : result.error !== undefined ? (
        <ErrorAlert error={result.error} title="The preview could not run" onRetry={result.reload} />
      ) : !result.data ? (
        <LoadingState label="Running the query…" />
      ) : (
        <ReportBody result={result.data} />
      )}
    </section>
  );
}
