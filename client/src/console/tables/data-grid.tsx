import type { TableRecord } from '@erp/shared/api/records';
import type { TableField } from '@erp/shared/documents';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, Download, History, Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import * as recordsApi from '../../api/records';
import { useApi } from '../../api/use-api';
import { LinkPicker, recordLabel, useLinkTargets } from '../../forms/link-picker';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { inputClasses } from '../../ui/field';
import { LoadingState } from '../../ui/spinner';
import { ActionCell } from './action-cell';
import { cellEditorFor } from './cell-editors';
import { CsvImport } from './csv-import';
import { FileCell, FileDialog, type FileField } from './file-cell';
import { FilterBar, filterParams, filtersOf } from './record-filters';
import { RecordHistoryDialog } from './record-history';

const rowHeight = 40;
const pageSize = 200;

interface Sort {
  key: string;
  descending: boolean;
}

// The view (filters, sort, search) lives in the URL: a reload or a shared link shows the same rows.
function useGridView() {
  const [params, setParams] = useSearchParams();
  const change = useCallback(
    (update: (next: URLSearchParams) => void) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          update(next);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const query = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the params' value
  const filters = useMemo(() => filtersOf(params), [query]);
  const sortParam = params.get('sort');
  const sort: Sort | null = sortParam
    ? { key: sortParam.replace(/^-/, ''), descending: sortParam.startsWith('-') }
    : null;
  return {
    filters,
    sort,
    search: params.get('q') ?? '',
    setFilters: (next: typeof filters) =>
      change((url) => {
        for (const name of [...url.keys()]) if (name.startsWith('filter[')) url.delete(name);
        for (const [name, value] of Object.entries(filterParams(next))) url.append(name, value);
      }),
    setSort: (next: Sort | null) =>
      change((url) =>
        next ? url.set('sort', `${next.descending ? '-' : ''}${next.key}`) : url.delete('sort'),
      ),
    setSearch: (next: string) => change((url) => (next ? url.set('q', next) : url.delete('q'))),
  };
}

/** The records of a published table: virtualised rows, inline edit, add and delete, search, sort, CSV. */
export function DataGrid({ documentId }: { documentId: string }) {
  const live = useApi(`live-table|${documentId}`, (signal) => recordsApi.getLiveTable(documentId, signal));
  if (live.error !== undefined) {
    return (
      <EmptyState icon={Plus} title="Nothing published yet">
        <p>
          Publish the table first: its records live in the version that is live. ({errorMessage(live.error)})
        </p>
      </EmptyState>
    );
  }
  if (!live.data) return <LoadingState label="Loading the table…" />;
  return (
    <ReloadableGrid documentId={documentId} fields={live.data.table.fields} version={live.data.version} />
  );
}

// An import reloads the rows from the first page: a new Grid starts over.
function ReloadableGrid(props: { documentId: string; fields: TableField[]; version: number }) {
  const [generation, setGeneration] = useState(0);
  return <Grid key={generation} {...props} onReload={() => setGeneration((value) => value + 1)} />;
}

function Grid({
  documentId,
  fields,
  version,
  onReload,
}: {
  documentId: string;
  fields: TableField[];
  version: number;
  onReload: () => void;
}) {
  const [rows, setRows] = useState<TableRecord[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const { filters, sort, search, setFilters, setSort, setSearch } = useGridView();
  const sortKey = sort ? `${sort.descending ? '-' : ''}${sort.key}` : undefined;
  const [error, setError] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  // Linked records come along, so link cells read as their display field, not as ids.
  const include =
    fields.flatMap((field) => (field.type === 'link' ? [field.key] : [])).join(',') || undefined;
  const targets = useLinkTargets(fields);
  const [linking, setLinking] = useState<{ record: TableRecord; field: LinkField } | null>(null);
  const [pickedLabels, setPickedLabels] = useState(() => new Map<string, string>());
  const [filing, setFiling] = useState<{ recordId: string; field: FileField } | null>(null);
  const filingRecord = filing && rows.find((row) => row.id === filing.recordId);
  const query = useCallback(
    (after?: string) => ({
      ...filterParams(filters),
      limit: pageSize,
      sort: sortKey,
      q: search || undefined,
      cursor: after,
      include,
    }),
    [filters, sortKey, search, include],
  );
  useEffect(() => {
    const controller = new AbortController();
    setIsLoading(true);
    recordsApi
      .listRecords(documentId, query(), controller.signal)
      .then((page) => {
        setRows(page.items);
        setCursor(page.nextCursor);
        setError(null);
      })
      .catch((caught) => controller.signal.aborted || setError(errorMessage(caught)))
      .finally(() => setIsLoading(false));
    return () => controller.abort();
  }, [documentId, query]);
  const loadMore = useCallback(() => {
    if (!cursor || isLoading) return;
    setIsLoading(true);
    recordsApi
      .listRecords(documentId, query(cursor))
      .then((page) => {
        setRows((previous) => [...previous, ...page.items]);
        setCursor(page.nextCursor);
      })
      .catch((caught) => setError(errorMessage(caught)))
      .finally(() => setIsLoading(false));
  }, [cursor, isLoading, documentId, query]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20) loadMore();
  }, [lastIndex, rows.length, loadMore]);

  // Labels of linked records: those that came with the rows, and those picked since (edits return no `linked`).
  const labels = useMemo(() => {
    const known = new Map(pickedLabels);
    for (const row of rows) {
      for (const field of fields) {
        if (field.type !== 'link') continue;
        for (const linked of row.linked?.[field.key] ?? [])
          known.set(linked.id, recordLabel(targets.get(field.targetTableId), linked));
      }
    }
    return known;
  }, [rows, fields, targets, pickedLabels]);
  const replace = (record: TableRecord) =>
    setRows((previous) => previous.map((row) => (row.id === record.id ? record : row)));
  const save = async (record: TableRecord, field: TableField, value: unknown) => {
    try {
      replace(await recordsApi.updateRecord(documentId, record.id, record.version, { [field.key]: value }));
      setError(null);
    } catch (caught) {
      setError(`${field.name || field.key}: ${errorMessage(caught)}`);
    }
  };
  const remove = async (record: TableRecord) => {
    try {
      await recordsApi.deleteRecord(documentId, record.id);
      setRows((previous) => previous.filter((row) => row.id !== record.id));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const add = async () => {
    try {
      const record = await recordsApi.createRecord(documentId, {});
      setRows((previous) => [record, ...previous]);
      setError(null);
    } catch (caught) {
      setError(`The new record needs values first: ${errorMessage(caught)}`);
    }
  };
  const columns = `minmax(5.5rem, 5.5rem) repeat(${Math.max(fields.length, 1)}, minmax(10rem, 1fr))`;

  return (
    <Card>
      <CardHeader
        title={`Records (version ${version})`}
        description="Click a cell to change it; changes save when you leave the cell."
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <label className="sr-only" htmlFor="records-search">
              Search records
            </label>
            <input
              id="records-search"
              type="search"
              placeholder="Search text fields"
              className={`${inputClasses} w-56`}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            <a
              href={recordsApi.exportUrl(documentId)}
              download
              className="text-sm font-medium text-indigo-700 hover:underline"
            >
              <Download className="mr-1 inline size-4" aria-hidden />
              Export CSV
            </a>
            <CsvImport documentId={documentId} onImported={onReload} />
            <Button variant="primary" size="sm" icon={Plus} onClick={add}>
              Add record
            </Button>
          </div>
        }
      />
      <FilterBar fields={fields} filters={filters} onChange={setFilters} />
      {error && (
        <div className="px-5 pt-3">
          <ErrorAlert title="That did not work">{error}</ErrorAlert>
        </div>
      )}
      {rows.length === 0 && !isLoading && (
        <p className="px-5 py-6 text-sm text-neutral-600">
          {search || filters.length > 0
            ? 'No record matches these filters. Remove a filter or clear them to see more.'
            : 'No records yet: add one, or import a CSV file.'}
        </p>
      )}
      {/* A table laid out as a grid, so rows can be absolutely placed by the virtualizer. */}
      <div ref={scroller} className="max-h-[28rem] overflow-auto text-sm" data-testid="records-scroller">
        <table aria-label="Records" aria-rowcount={rows.length + 1} className="grid w-full">
          <thead className="sticky top-0 z-10 grid bg-neutral-50">
            <tr className="grid border-b border-neutral-200" style={{ gridTemplateColumns: columns }}>
              <th className="px-2 py-2">
                <span className="sr-only">Actions</span>
              </th>
              {fields.map((field) => {
                const isSorted = sort?.key === field.key;
                return (
                  <th
                    key={field.id}
                    aria-sort={isSorted ? (sort?.descending ? 'descending' : 'ascending') : 'none'}
                    className="text-left font-medium text-neutral-700"
                  >
                    <button
                      type="button"
                      className="flex w-full items-center gap-1 px-2 py-2 hover:bg-neutral-100"
                      onClick={() =>
                        setSort(
                          isSorted && !sort?.descending
                            ? { key: field.key, descending: true }
                            : isSorted
                              ? null
                              : { key: field.key, descending: false },
                        )
                      }
                    >
                      {field.name || field.key}
                      {isSorted &&
                        (sort?.descending ? (
                          <ArrowDown className="size-3" aria-hidden />
                        ) : (
                          <ArrowUp className="size-3" aria-hidden />
                        ))}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const record = rows[item.index] as TableRecord;
              return (
                <tr
                  key={record.id}
                  aria-rowindex={item.index + 2}
                  className="absolute left-0 grid w-full border-b border-neutral-100"
                  style={{ top: item.start, height: rowHeight, gridTemplateColumns: columns }}
                >
                  <td className="flex items-center px-1">
                    <Button
                      variant="ghost"
                      size="sm"
                      icon={Trash2}
                      aria-label="Delete this record"
                      onClick={() => remove(record)}
                    />
                    <Button
                      variant="ghost"
                      size="sm"
                      icon={History}
                      aria-label="Changes of this record"
                      onClick={() => setHistoryOf(record.id)}
                    />
                  </td>
                  {fields.map((field) =>
                    field.type === 'file' ? (
                      <FileCell
                        key={field.id}
                        field={field}
                        record={record}
                        onEdit={() => setFiling({ recordId: record.id, field })}
                      />
                    ) : field.type === 'link' ? (
                      <LinkCell
                        key={field.id}
                        field={field}
                        record={record}
                        labels={labels}
                        onEdit={() => setLinking({ record, field })}
                      />
                    ) : (
                      <Cell
                        key={field.id}
                        field={field}
                        record={record}
                        onSave={(value) => save(record, field, value)}
                      />
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {isLoading && <LoadingState label="Loading records…" className="py-3" />}
      </div>
      {linking && (
        <LinkPicker
          field={linking.field}
          title={`${linking.field.name || linking.field.key} of this record`}
          target={targets.get(linking.field.targetTableId)}
          value={linking.record.values[linking.field.key]}
          labels={labels}
          onClose={() => setLinking(null)}
          onSave={(value, picked) => {
            setPickedLabels(picked);
            setLinking(null);
            void save(linking.record, linking.field, value);
          }}
        />
      )}
      {filing && filingRecord && (
        <FileDialog
          field={filing.field}
          record={filingRecord}
          onClose={() => setFiling(null)}
          onSave={async (ids) => {
            replace(
              await recordsApi.updateRecord(documentId, filingRecord.id, filingRecord.version, {
                [filing.field.key]: ids,
              }),
            );
          }}
        />
      )}
      {historyOf && (
        <RecordHistoryDialog
          documentId={documentId}
          recordId={historyOf}
          onClose={() => setHistoryOf(null)}
        />
      )}
    </Card>
  );
}

type LinkField = Extract<TableField, { type: 'link' }>;

/** A link field's cell: the linked records by their display field; activating it opens the picker. */
function LinkCell({
  field,
  record,
  labels,
  onEdit,
}: {
  field: LinkField;
  record: TableRecord;
  labels: Map<string, string>;
  onEdit: () => void;
}) {
  const value = record.values[field.key];
  const ids = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []) as string[];
  const text = ids.map((id) => labels.get(id) ?? id).join(', ');
  return (
    <ActionCell label={`${field.name || field.key} of this record: ${text || 'empty'}`} onClick={onEdit}>
      {text}
    </ActionCell>
  );
}

function Cell({
  field,
  record,
  onSave,
}: {
  field: TableField;
  record: TableRecord;
  onSave: (value: unknown) => void;
}) {
  const editor = cellEditorFor(field);
  const value = record.values[field.key];
  const [text, setText] = useState<string | null>(null);
  const label = `${field.name || field.key} of this record`;
  if (editor.input === 'checkbox') {
    return (
      <td className="flex items-center px-2">
        <input
          type="checkbox"
          aria-label={label}
          checked={value === true}
          onChange={(event) => onSave(event.target.checked)}
        />
      </td>
    );
  }
  if (text === null) {
    return (
      <td className="flex min-w-0">
        <button
          type="button"
          aria-label={`${label}: ${editor.format(value) || 'empty'}`}
          className="w-full truncate px-2 text-left hover:bg-indigo-50 focus-visible:bg-indigo-50"
          onClick={() =>
            setText(
              editor.input === 'datetime-local' && typeof value === 'string'
                ? value.slice(0, 16)
                : editor.format(value),
            )
          }
        >
          {editor.format(value)}
        </button>
      </td>
    );
  }
  const commit = () => {
    const next = editor.parse(text);
    setText(null);
    if (JSON.stringify(next) !== JSON.stringify(value ?? null)) onSave(next);
  };
  const common = {
    'aria-label': label,
    autoFocus: true,
    className: `${inputClasses} h-9 py-1`,
    onBlur: commit,
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Enter') commit();
      if (event.key === 'Escape') setText(null);
    },
  };
  return (
    <td className="flex items-center px-1">
      {editor.input === 'select' && 'options' in field ? (
        <select {...common} value={text} onChange={(event) => setText(event.target.value)}>
          <option value="">—</option>
          {field.options.map((option) => (
            <option key={option.id} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={editor.input}
          step="any"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      )}
    </td>
  );
}
