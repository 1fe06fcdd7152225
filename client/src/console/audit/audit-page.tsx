import { ScrollText } from 'lucide-react';
import { listAuditEntries } from '../../api/audit';
import { ApiError } from '../../api/client';
import { usePagedList } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { Table, Td, Th } from '../../ui/table';

const description =
  'Every change to accounts, documents and settings, in order. Entries are chained so that none can be altered unnoticed.';

export function AuditPage() {
  const list = usePagedList('audit', (cursor, signal) => listAuditEntries({ cursor }, signal));

  // Until the API has the route, say so instead of a bare "404".
  if (list.error instanceof ApiError && list.error.status === 404) {
    return (
      <>
        <PageHeader title="Audit log" description={description} />
        <Card className="p-5">
          <ErrorAlert title="This server does not offer the audit log yet" onRetry={list.reload}>
            <p>
              The API answered “not found” for <code>/api/audit</code>: this version of the server records
              audit entries but cannot list them yet. Nothing is lost — the entries will appear here once the
              server is updated. If it was just updated, try again.
            </p>
          </ErrorAlert>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Audit log" description={description} />
      <PagedListCard
        list={list}
        noun="Audit entries"
        empty={
          <EmptyState icon={ScrollText} title="No entries yet">
            <p>Signing in, adding users and changing documents all leave an entry here.</p>
          </EmptyState>
        }
      >
        {(entries) => (
          <Table>
            <caption className="sr-only">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th className="hidden md:table-cell">Target</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </Td>
                  <Td>{entry.actor?.name ?? 'System'}</Td>
                  <Td>
                    <code className="rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-800">
                      {entry.action}
                    </code>
                  </Td>
                  <Td className="hidden text-neutral-500 md:table-cell">
                    {entry.targetType}
                    {entry.targetId && <span className="ml-1 text-xs break-all">{entry.targetId}</span>}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedListCard>
    </>
  );
}
