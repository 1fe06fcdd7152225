import type { LiveTableView } from '@erp/shared/api/records';
import { type Dataset, isTableSource } from '@erp/shared/documents';
import { useMemo } from 'react';
import { listDatasetSources } from '../../../api/datasets';
import { getLiveTable } from '../../../api/records';
import { useApi } from '../../../api/use-api';

// The definitions a dataset draft reads, by source id: published tables (their live version) and work data
// (flow instances, tasks, a form's answers) described as tables by the api, so the builder treats them alike.

/** Work data sources the main source can be, by name. */
export function useWorkDataSources() {
  const sources = useApi('dataset-sources', (signal) => listDatasetSources(signal));
  return sources.data?.items ?? [];
}

/** The main source's definition and that of every source its link fields reach. */
export function useSourceTables(draft: Partial<Dataset>): Map<string, LiveTableView> {
  const workData = useWorkDataSources();
  const load = (id: string, signal: AbortSignal): Promise<LiveTableView | null> => {
    if (isTableSource(id)) return getLiveTable(id, signal);
    const source = workData.find((candidate) => candidate.id === id);
    return Promise.resolve(source ? { documentId: source.id, version: 0, table: source.table } : null);
  };
  const ready = workData.length > 0;
  const main = useApi(`dataset-main|${draft.tableId ?? ''}|${ready}`, async (signal) =>
    draft.tableId ? load(draft.tableId, signal) : null,
  );
  const targets = [
    ...new Set(
      (main.data?.table.fields ?? []).flatMap((field) =>
        field.type === 'link' ? [field.targetTableId] : [],
      ),
    ),
  ];
  const linked = useApi(`dataset-linked|${targets.join(',')}|${ready}`, (signal) =>
    Promise.all(targets.map((id) => load(id, signal).catch(() => null))),
  );
  return useMemo(() => {
    const all = [main.data, ...(linked.data ?? [])].filter((table): table is LiveTableView => !!table);
    return new Map(all.map((table) => [table.documentId, table]));
  }, [main.data, linked.data]);
}
