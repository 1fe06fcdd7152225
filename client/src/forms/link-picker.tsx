import type { LiveTableView, TableRecord } from '@erp/shared/api/records';
import type { TableField, TaskFormField } from '@erp/shared/documents';
import { Check } from 'lucide-react';
import { useMemo, useState } from 'react';
import { getLiveTable, listRecords } from '../api/records';
import { useApi } from '../api/use-api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { inputClasses } from '../ui/field';
import { LoadingState } from '../ui/spinner';

/** A link field of a table or a task form: the same settings in both. */
export type LinkSettings = Pick<Extract<TableField, { type: 'link' }>, 'targetTableId' | 'cardinality'>;

/** How a linked record reads: its table's display field, else its first text value, else its id. */
export function recordLabel(
  target: LiveTableView | undefined,
  record: Pick<TableRecord, 'id' | 'values'>,
): string {
  const table = target?.table;
  const display = table?.fields.find((field) => field.id === table.displayFieldId);
  const text =
    (display && record.values[display.key]) ??
    Object.values(record.values).find((v) => typeof v === 'string');
  return typeof text === 'string' && text !== '' ? text : record.id;
}

/** The live definitions of the tables some link fields point at, for labelling linked records. */
export function useLinkTargets(fields: readonly (TableField | TaskFormField)[]) {
  const targets = [
    ...new Set(fields.flatMap((field) => (field.type === 'link' ? [field.targetTableId] : []))),
  ];
  const loaded = useApi(`link-targets|${targets.join(',')}`, (signal) =>
    Promise.all(targets.map((id) => getLiveTable(id, signal))),
  );
  return useMemo(
    () => new Map((loaded.data ?? []).map((target) => [target.documentId, target])),
    [loaded.data],
  );
}

/**
 * Picks the record(s) a link field points at by searching the target table (its full-text search, only the
 * records the person may read), shown by their display field: one for a many-to-one link (picking saves),
 * several for many-to-many. The data grid and the portal's task forms both pick with it.
 */
export function LinkPicker({
  field,
  title,
  target,
  value,
  labels,
  onSave,
  onClose,
}: {
  field: LinkSettings;
  title: string;
  target: LiveTableView | undefined;
  value: unknown;
  /** Labels of records already known (those linked now). */
  labels: Map<string, string>;
  onSave: (value: unknown, picked: Map<string, string>) => void;
  onClose: () => void;
}) {
  const isMany = field.cardinality === 'many';
  const initial = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []) as string[];
  const [chosen, setChosen] = useState<string[]>(initial);
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState(() => new Map(labels));
  const found = useApi(`link-search|${field.targetTableId}|${q}`, (signal) =>
    listRecords(field.targetTableId, { q: q.trim() || undefined, limit: 20 }, signal),
  );
  const choose = (record: TableRecord) => {
    const next = new Map(picked).set(record.id, recordLabel(target, record));
    setPicked(next);
    if (!isMany) onSave(record.id, next);
    else
      setChosen((current) =>
        current.includes(record.id) ? current.filter((id) => id !== record.id) : [...current, record.id],
      );
  };
  return (
    <Dialog
      onClose={onClose}
      title={title}
      description={isMany ? 'Choose the records it links to.' : 'Choose the record it links to.'}
    >
      <div className="space-y-3">
        <label className="block text-sm font-medium text-neutral-800">
          Search records
          <input
            className={`${inputClasses} mt-1.5`}
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </label>
        {isMany && chosen.length > 0 && (
          <p className="text-sm text-neutral-700">
            Linked: {chosen.map((id) => picked.get(id) ?? id).join(', ')}
          </p>
        )}
        {found.error !== undefined ? (
          <ErrorAlert error={found.error} title="The records could not be searched" onRetry={found.reload} />
        ) : !found.data ? (
          <LoadingState label="Searching…" />
        ) : found.data.items.length === 0 ? (
          <p className="text-sm text-neutral-500">No record matches.</p>
        ) : (
          <ul
            className="max-h-72 divide-y divide-neutral-100 overflow-y-auto rounded-md border border-neutral-200"
            aria-label="Records"
          >
            {found.data.items.map((record) => {
              const isChosen = chosen.includes(record.id);
              return (
                <li key={record.id}>
                  <button
                    type="button"
                    aria-pressed={isMany ? isChosen : undefined}
                    className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-indigo-50 focus-visible:bg-indigo-50"
                    onClick={() => choose(record)}
                  >
                    <Check
                      className={`size-4 ${isChosen ? 'text-indigo-600' : 'invisible'}`}
                      aria-hidden="true"
                    />
                    {recordLabel(target, record)}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="flex justify-end gap-3 pt-1">
          {initial.length > 0 && (
            <Button variant="ghost" onClick={() => onSave(isMany ? [] : null, picked)}>
              Clear
            </Button>
          )}
          {isMany && (
            <Button variant="primary" onClick={() => onSave(chosen, picked)}>
              Save links
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
