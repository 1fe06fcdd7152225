import { type TableBackfill, tableBackfillSchema } from '@erp/shared/api/records';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/client';
import { ErrorAlert } from '../../ui/alert';

// While a publish fills rows of this table (before the new version goes live), how far it got; and why the
// last one failed, if it did. Asks often while one runs, rarely otherwise (a publish may start elsewhere).

const runningPollMs = 1_000;
const idlePollMs = 10_000;

export function BackfillProgress({ documentId }: { documentId: string }) {
  const [backfill, setBackfill] = useState<TableBackfill['progress']>(null);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let running = false;
      try {
        const { progress } = await apiRequest(`/api/tables/${encodeURIComponent(documentId)}/migration`, {
          schema: tableBackfillSchema,
          signal: controller.signal,
        });
        setBackfill(progress);
        running = progress?.status === 'running';
      } catch {
        // Not published yet, or offline: nothing to show.
      }
      if (!controller.signal.aborted) timer = setTimeout(poll, running ? runningPollMs : idlePollMs);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [documentId]);
  if (backfill?.status === 'running') {
    const number = new Intl.NumberFormat('en');
    return (
      <div
        role="status"
        className="rounded-lg bg-indigo-50 px-4 py-3 text-sm text-indigo-900 ring-1 ring-indigo-200"
      >
        Publishing: filling “{backfill.fieldName}”, {number.format(backfill.done)} /{' '}
        {number.format(backfill.total)} rows. The live version stays readable meanwhile.
        <progress className="mt-2 block w-full" max={backfill.total || 1} value={backfill.done} />
      </div>
    );
  }
  if (backfill?.status === 'failed') {
    return (
      <ErrorAlert title="The last publish did not go live">
        Filling “{backfill.fieldName}” stopped ({backfill.error}); the table is as the live version had it.
        Publish again once the cause is fixed.
      </ErrorAlert>
    );
  }
  return null;
}
