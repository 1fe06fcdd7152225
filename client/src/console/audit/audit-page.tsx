import type { AuditVerification } from '@erp/shared/api/audit';
import { ScrollText, ShieldCheck } from 'lucide-react';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { listAuditEntries, verifyAuditChain } from '../../api/audit';
import { useAction, usePagedList } from '../../api/use-api';
import { useSearchParam } from '../../app/use-search-param';
import { ErrorAlert, Notice } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { inputClasses } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { SearchInput } from '../../ui/search-input';
import { Table, Td, Th } from '../../ui/table';
import { describeAuditAction } from './audit-actions';
import { AuditChanges, AuditTarget, userLink } from './audit-entry';

const description =
  'Every change to accounts, documents and settings, in order. Entries are chained so that none can be altered unnoticed.';

// The kinds of thing entries are about, as the filter offers them.
const targetTypes = [
  { value: '', label: 'Everything' },
  { value: 'user', label: 'Accounts' },
  { value: 'document', label: 'Documents' },
  { value: 'department', label: 'Departments' },
  { value: 'position', label: 'Positions' },
  { value: 'org_role', label: 'Company roles' },
  { value: 'position_assignment', label: 'Position assignments' },
  { value: 'org_role_assignment', label: 'Company role assignments' },
];

export function AuditPage() {
  const [q, setQ] = useSearchParam('q');
  const [targetType, setTargetType] = useSearchParam('about');
  const list = usePagedList(`audit|${q}|${targetType}`, (cursor, signal) =>
    listAuditEntries({ cursor, q: q || undefined, targetType: targetType || undefined }, signal),
  );
  const onSearch = useCallback((value: string) => setQ(value.trim()), [setQ]);
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
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <SearchInput
          label="Search the audit log"
          placeholder="Search names, emails, actions"
          value={q}
          onSearch={onSearch}
        />
        <label className="sr-only" htmlFor="audit-about">
          About
        </label>
        <select
          id="audit-about"
          className={`${inputClasses} w-auto`}
          value={targetType}
          onChange={(event) => setTargetType(event.target.value)}
        >
          {targetTypes.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <PagedListCard
        list={list}
        noun="Audit entries"
        empty={
          q || targetType ? (
            <EmptyState
              icon={ScrollText}
              title="No entries match"
              action={
                <Button
                  onClick={() => {
                    setQ('');
                    setTargetType('');
                  }}
                >
                  Show everything
                </Button>
              }
            >
              <p>
                Search looks at the names and emails of who did it and what it was about, and at the action.
              </p>
            </EmptyState>
          ) : (
            <EmptyState icon={ScrollText} title="No entries yet">
              <p>Signing in, adding users and changing documents all leave an entry here.</p>
            </EmptyState>
          )
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
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </Td>
                  <Td>
                    {entry.actor ? (
                      <Link to={userLink(entry.actor.name)} className="hover:text-indigo-700 hover:underline">
                        {entry.actor.name}
                      </Link>
                    ) : (
                      'System'
                    )}
                  </Td>
                  <Td className="min-w-56">
                    <span title={entry.action}>{describeAuditAction(entry.action)}</span>
                    {': '}
                    <AuditTarget entry={entry} />
                    <AuditChanges details={entry.details} />
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
