import type { DocumentSummary } from '@erp/shared/api/documents';
import type { VersionSummary } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { Eye, GitCompareArrows, History, MessageSquare, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePagedList } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { canEditDocuments } from '../../app/access';
import { useUser } from '../../app/session';
import { FeedbackArea, useFeedback } from '../../ui/alert';
import { buttonClasses } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { MenuItem, MenuLink, MenuSeparator, RowMenu } from '../../ui/menu';
import { PagedListCard } from '../../ui/paged-list-card';
import { RelativeTime } from '../../ui/relative-time';
import { Table, Td, Th } from '../../ui/table';
import { DocumentFrame } from '../documents/document-frame';
import { documentPath } from '../documents/document-kinds';
import { CompareForm } from './compare-form';
import { RestoreDialog } from './restore-dialog';
import { comparePagePath, previousOf, versionPagePath } from './sides';
import { VersionStatusBadge } from './version-status';

/** /console/<segment>/:id/versions: every published version, newest first, with view, compare and restore. */
export function VersionsPage({ kind }: { kind: DocumentKind }) {
  return (
    <DocumentFrame kind={kind} section="versions">
      {(document) => <VersionList kind={kind} document={document} />}
    </DocumentFrame>
  );
}

function VersionList({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const { id } = document;
  const user = useUser();
  const canEdit = canEditDocuments(user.roles);
  const feedback = useFeedback();
  const [restoring, setRestoring] = useState<VersionSummary | null>(null);
  const list = usePagedList(`versions|${id}`, (cursor, signal) =>
    versionsApi.listVersions(id, cursor, signal),
  );
  const candidate = list.data?.find((version) => version.status === 'candidate');

  return (
    <>
      <FeedbackArea feedback={feedback} />
      {candidate && (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="flex-1">
            <span className="font-medium">Version {candidate.number} waits for approval.</span> It goes live
            when a reviewer other than {candidate.author.name} approves it; until then version{' '}
            {list.data?.find((version) => version.status === 'live')?.number ?? '(none yet)'} stays live.
          </p>
          <Link
            className={buttonClasses('secondary', 'sm')}
            to={comparePagePath(kind, id, previousOf(candidate.number), candidate.number)}
          >
            Review it
          </Link>
        </div>
      )}
      {list.data && list.data.length > 0 && <CompareForm kind={kind} documentId={id} versions={list.data} />}
      <PagedListCard
        list={list}
        noun="Versions"
        empty={
          <EmptyState
            icon={History}
            title="Nothing published yet"
            action={
              <Link to={documentPath(kind, id)} className={buttonClasses('primary')}>
                Open the editor
              </Link>
            }
          >
            <p>
              Publishing makes the draft a version: an exact copy that flows and the portal run, that
              reviewers can compare and approve, and that you can restore later. Publish from the editor.
            </p>
          </EmptyState>
        }
      >
        {(versions) => (
          <Table aria-busy={list.isLoading}>
            <caption className="sr-only">Versions of {document.name}, newest first</caption>
            <thead>
              <tr>
                <Th>Version</Th>
                <Th className="hidden sm:table-cell">Message</Th>
                <Th>Published</Th>
                <Th className="hidden md:table-cell">Approved</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {versions.map((version) => (
                <tr key={version.number} className="hover:bg-neutral-50" data-version={version.number}>
                  <Td className="whitespace-nowrap">
                    <Link
                      to={versionPagePath(kind, id, version.number)}
                      className="mr-2 font-medium text-neutral-900 hover:text-indigo-700 hover:underline"
                    >
                      Version {version.number}
                    </Link>
                    <VersionStatusBadge status={version.status} />
                    <span className="mt-1 block whitespace-normal text-neutral-600 sm:hidden">
                      {version.message}
                    </span>
                  </Td>
                  <Td className="hidden max-w-md sm:table-cell">
                    {version.message || <span className="text-neutral-400">No message</span>}
                  </Td>
                  <Td>
                    <RelativeTime iso={version.createdAt} />
                    <span className="text-neutral-500"> by {version.author.name}</span>
                  </Td>
                  <Td className="hidden whitespace-nowrap md:table-cell">
                    {version.approvedBy && version.approvedAt ? (
                      <>
                        <RelativeTime iso={version.approvedAt} />
                        <span className="text-neutral-500"> by {version.approvedBy.name}</span>
                      </>
                    ) : (
                      <span className="text-neutral-400">—</span>
                    )}
                  </Td>
                  <Td className="w-12 text-right">
                    <RowMenu label={`Actions for version ${version.number}`}>
                      <MenuLink to={versionPagePath(kind, id, version.number)} icon={Eye}>
                        View
                      </MenuLink>
                      <MenuLink
                        to={comparePagePath(kind, id, previousOf(version.number), version.number)}
                        icon={MessageSquare}
                      >
                        Review
                      </MenuLink>
                      <MenuLink
                        to={comparePagePath(kind, id, version.number, 'draft')}
                        icon={GitCompareArrows}
                      >
                        Compare with the draft
                      </MenuLink>
                      {canEdit && (
                        <>
                          <MenuSeparator />
                          <MenuItem icon={RotateCcw} onSelect={() => setRestoring(version)}>
                            Restore into the draft
                          </MenuItem>
                        </>
                      )}
                    </RowMenu>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedListCard>
      {restoring && (
        <RestoreDialog
          documentId={id}
          version={restoring}
          onClose={() => setRestoring(null)}
          onRestored={(message) => feedback.succeed(message)}
        />
      )}
    </>
  );
}
