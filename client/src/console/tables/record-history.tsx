import * as recordsApi from '../../api/records';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Dialog } from '../../ui/dialog';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';

const verbs = {
  'record.created': 'Created',
  'record.updated': 'Changed',
  'record.deleted': 'Deleted',
} as const;
const show = (value: unknown) =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : String(value);

/** A record's changes, newest first: what each change did to which field. */
export function RecordHistoryDialog({
  documentId,
  recordId,
  onClose,
}: {
  documentId: string;
  recordId: string;
  onClose: () => void;
}) {
  const history = useApi(`record-history|${recordId}`, (signal) =>
    recordsApi.getRecordHistory(documentId, recordId, signal),
  );
  return (
    <Dialog title="Changes of this record" onClose={onClose}>
      {history.error !== undefined ? (
        <ErrorAlert error={history.error} title="The changes could not be loaded" onRetry={history.reload} />
      ) : !history.data ? (
        <LoadingState label="Loading the changes…" />
      ) : (
        <ol className="max-h-96 space-y-3 overflow-auto text-sm" aria-label="Changes">
          {history.data.items.map((item) => (
            <li key={item.version}>
              <p className="font-medium">
                {verbs[item.type]} (version {item.version}) <RelativeTime iso={item.at} />
              </p>
              <ul className="pl-4 text-neutral-700">
                {item.changes.map((change) => (
                  <li key={change.key}>
                    {change.key}: {show(change.before)} → {show(change.after)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
