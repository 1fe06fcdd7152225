import type { DroppedColumnView } from '@erp/shared/api/records';
import { Archive } from 'lucide-react';
import { useState } from 'react';
import { listDroppedColumns, purgeDroppedColumn } from '../../api/records';
import { useApi } from '../../api/use-api';
import { useUser } from '../../app/session';
import { FeedbackArea, useFeedback } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';

/**
 * Columns that publishes dropped but kept, with what they still hold; an admin purges one once its values are
 * surely not needed. Shown to admins only (the API answers others 403), and only when there is something kept.
 */
export function DroppedColumns({ documentId }: { documentId: string }) {
  const isAdmin = useUser().roles.includes('admin');
  return isAdmin ? <DroppedColumnList documentId={documentId} /> : null;
}

function DroppedColumnList({ documentId }: { documentId: string }) {
  const dropped = useApi(`dropped-columns|${documentId}`, (signal) => listDroppedColumns(documentId, signal));
  const [purging, setPurging] = useState<DroppedColumnView | null>(null);
  const feedback = useFeedback();
  const items = dropped.data?.items ?? [];
  if (items.length === 0 && !feedback.notice) return null;
  const nameOf = (item: DroppedColumnView) => item.field?.name || item.field?.key || item.column;
  return (
    <Card>
      <CardHeader
        title="Dropped columns kept"
        description="Publishing without a field keeps its column and values. Purge one to delete them for good."
      />
      <div className="px-5 pt-3">
        <FeedbackArea feedback={feedback} />
      </div>
      <ul className="divide-y divide-neutral-100 text-sm" aria-label="Dropped columns kept">
        {items.map((item) => (
          <li key={item.column} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3">
            <Archive className="size-4 text-neutral-400" aria-hidden="true" />
            <span className="font-medium text-neutral-900">{nameOf(item)}</span>
            <span className="text-neutral-500">
              dropped in version {item.droppedInVersion} · {item.rowsWithValue} row
              {item.rowsWithValue === 1 ? '' : 's'} with a value
            </span>
            <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setPurging(item)}>
              Purge {nameOf(item)}
            </Button>
          </li>
        ))}
      </ul>
      {purging && (
        <ConfirmDialog
          title={`Purge ${nameOf(purging)}?`}
          confirmLabel="Purge for good"
          onClose={() => setPurging(null)}
          onConfirm={async () => {
            await purgeDroppedColumn(documentId, purging.column);
            feedback.succeed(`${nameOf(purging)} is purged.`);
            dropped.reload();
          }}
        >
          Its {purging.rowsWithValue} stored value{purging.rowsWithValue === 1 ? '' : 's'} will be deleted and
          cannot be brought back.
        </ConfirmDialog>
      )}
    </Card>
  );
}
