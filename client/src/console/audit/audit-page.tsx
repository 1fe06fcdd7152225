import type { AuditVerification } from '@erp/shared/api/audit';
import { ScrollText, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import { listAuditEntries, verifyAuditChain } from '../../api/audit';
import { useAction, usePagedList } from '../../api/use-api';
import { ErrorAlert, Notice } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { Table, Td, Th } from '../../ui/table';
import { describeAuditAction } from './audit-actions';

const description =
  'Every change to accounts, documents and settings, in order. Entries are chained so that none can be altered unnoticed.';

export function AuditPage() {
  const list = usePagedList('audit', (cursor, signal) => listAuditEntries({ cursor }, signal));
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const verifying = useAction(async () => setVerification(await verifyAuditChain()));

  return (
    <>
      <PageHeader
        title="Audit log"
        description={description}
        actions={
          <Button icon={ShieldCheck} isPending={verifying.isPending} onClick={() => void verifying.run()}>
            Check integrity
          </Button>
        }
      />
      <VerificationResult result={verification} error={verifying.error} />
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
                    {describeAuditAction(entry.action)}
                    <code className="ml-2 rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-600">
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

/** The outcome of walking the hash chain: all of it holds, or where it first breaks. */
function VerificationResult({ result, error }: { result: AuditVerification | null; error: unknown }) {
  if (error !== null) return <ErrorAlert error={error} title="The check could not run" className="mb-4" />;
  if (!result) return null;
  if (result.ok) {
    return (
      <div className="mb-4">
        <Notice>All {result.count} entries are intact: none was changed, removed or reordered.</Notice>
      </div>
    );
  }
  return (
    <ErrorAlert title="The audit log was tampered with" className="mb-4">
      <p>
        The chain breaks at entry {result.brokenId} (after {result.count} intact entries):{' '}
        {result.reason === 'hash_mismatch'
          ? 'its content was changed.'
          : result.reason === 'chain_broken'
            ? 'an entry before it was removed or moved.'
            : 'the newest entries after it were removed, or the log was rewritten.'}
      </p>
    </ErrorAlert>
  );
}
