import type { DocumentSummary } from '@erp/shared/api/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { Archive, ArchiveArrowUp, Copy, FolderOpen, Pencil, Plus, Trash } from 'lucide-react';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import * as documentsApi from '../../api/documents';
import { usePagedList } from '../../api/use-api';
import { canEditDocuments } from '../../app/access';
import { useUser } from '../../app/session';
import { useSearchParam } from '../../app/use-search-param';
import { FeedbackArea, useFeedback } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { MenuItem, MenuLink, MenuSeparator, RowMenu } from '../../ui/menu';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { RelativeTime } from '../../ui/relative-time';
import { SearchInput, SegmentedControl } from '../../ui/search-input';
import { Table, Td, Th } from '../../ui/table';
import { hasBuilder } from '../builders/builder-kinds';
import { BuilderUnavailable } from '../builders/builder-unavailable';
import { documentKindInfo, documentPath } from './document-kinds';
import { NameDialog } from './name-dialog';
import { PublicationBadge } from './publication-badge';

type View = 'active' | 'archived';
type Pending =
  | { action: 'create' }
  | { action: 'rename' | 'duplicate' | 'delete'; document: DocumentSummary }
  | null;

/** A refused import says where in the file the first problem is, in words, next to the file field. */
function explainImport(error: unknown): never {
  const issue = error instanceof ApiError ? error.fieldIssues('content')[0] : undefined;
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !issue) throw error;
  const message = `This file is not valid here: ${issue.where ? `${issue.where}: ` : ''}${issue.message}`;
  throw new ApiError(error.status, error.code, message, { issues: [{ path: ['content'], message }] });
}

/** The list of one kind of builder document: search, status, create, rename, duplicate, archive/restore, delete. */
export function DocumentsPage({ kind }: { kind: DocumentKind }) {
  const info = documentKindInfo[kind];
  const user = useUser();
  const canEdit = canEditDocuments(user.roles);
  const canCreate = canEdit && hasBuilder(kind);
  const navigate = useNavigate();
  const [q, setQ] = useSearchParam('q');
  const [viewParam, setViewParam] = useSearchParam('view');
  const view: View = viewParam === 'archived' ? 'archived' : 'active';
  const [pending, setPending] = useState<Pending>(null);
  const feedback = useFeedback();

  const list = usePagedList(`${kind}|${q}|${view}`, (cursor, signal) =>
    documentsApi.listDocuments({ kind, q, archived: view === 'archived' ? 'true' : 'false', cursor }, signal),
  );

  const onSearch = useCallback((value: string) => setQ(value.trim()), [setQ]);

  const setArchived = (document: DocumentSummary, archived: boolean) =>
    feedback.attempt(async () => {
      await documentsApi.updateDocument(document.id, { archived });
      list.reload();
      return archived ? `“${document.name}” was archived.` : `“${document.name}” was restored.`;
    });

  const createButton = canCreate && (
    <Button variant="primary" icon={Plus} onClick={() => setPending({ action: 'create' })}>
      New {info.singular}
    </Button>
  );

  return (
    <>
      <PageHeader title={info.title} description={info.summary} actions={createButton} />

      {!hasBuilder(kind) && (
        <Card className="mb-6">
          <BuilderUnavailable kind={kind} />
        </Card>
      )}

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <SearchInput label={`Search ${info.title.toLowerCase()}`} value={q} onSearch={onSearch} />
        <SegmentedControl
          label="Show"
          value={view}
          onChange={(value) => setViewParam(value === 'archived' ? 'archived' : '')}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'archived', label: 'Archived' },
          ]}
        />
      </div>

      <FeedbackArea feedback={feedback} />

      <PagedListCard
        list={list}
        noun={info.title}
        empty={
          <DocumentsEmptyState
            kind={kind}
            q={q}
            view={view}
            canEdit={canEdit}
            canCreate={canCreate}
            onClearSearch={() => setQ('')}
            onCreate={() => setPending({ action: 'create' })}
          />
        }
      >
        {(documents) => (
          <Table aria-busy={list.isLoading}>
            <caption className="sr-only">
              {info.title}
              {view === 'archived' ? ', archived' : ''}
            </caption>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Status</Th>
                <Th className="hidden sm:table-cell">Last change</Th>
                <Th className="hidden md:table-cell">Created</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {documents.map((document) => (
                <tr key={document.id} className="hover:bg-neutral-50">
                  <Td className="font-medium text-neutral-900">
                    <Link
                      to={documentPath(kind, document.id)}
                      className="rounded hover:text-indigo-700 hover:underline"
                    >
                      {document.name}
                    </Link>
                    {document.archived && (
                      <span className="ml-2">
                        <Badge>Archived</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    <PublicationBadge publication={document.publication} />
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <RelativeTime iso={document.updatedAt} />
                    <span className="text-neutral-500"> by {document.updatedBy.name}</span>
                  </Td>
                  <Td className="hidden md:table-cell">
                    <RelativeTime iso={document.createdAt} />
                    <span className="text-neutral-500"> by {document.createdBy.name}</span>
                  </Td>
                  <Td className="w-12 text-right">
                    <RowMenu label={`Actions for ${document.name}`}>
                      <MenuLink to={documentPath(kind, document.id)} icon={FolderOpen}>
                        Open
                      </MenuLink>
                      {canEdit && (
                        <>
                          <MenuItem icon={Pencil} onSelect={() => setPending({ action: 'rename', document })}>
                            Rename
                          </MenuItem>
                          {hasBuilder(kind) && (
                            <MenuItem
                              icon={Copy}
                              onSelect={() => setPending({ action: 'duplicate', document })}
                            >
                              Duplicate
                            </MenuItem>
                          )}
                          {document.archived ? (
                            <MenuItem
                              icon={ArchiveArrowUp}
                              onSelect={() => void setArchived(document, false)}
                            >
                              Restore
                            </MenuItem>
                          ) : (
                            <MenuItem icon={Archive} onSelect={() => void setArchived(document, true)}>
                              Archive
                            </MenuItem>
                          )}
                          <MenuSeparator />
                          <MenuItem
                            tone="danger"
                            icon={Trash}
                            onSelect={() => setPending({ action: 'delete', document })}
                          >
                            Delete
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

      {pending?.action === 'create' && (
        <NameDialog
          onClose={() => setPending(null)}
          title={`New ${info.singular}`}
          description="Give it a name people will recognise. You can rename it later."
          submitLabel={`Create ${info.singular}`}
          importHelp={`A ${info.singular} exported as JSON, from this or another installation.`}
          onSave={async (name, content) => {
            const created = await documentsApi.createDocument({ kind, name, content }).catch(explainImport);
            navigate(documentPath(kind, created.id));
          }}
        />
      )}
      {pending?.action === 'rename' && (
        <NameDialog
          onClose={() => setPending(null)}
          title={`Rename ${info.singular}`}
          submitLabel="Rename"
          initialName={pending.document.name}
          onSave={async (name) => {
            await documentsApi.updateDocument(pending.document.id, { name });
            feedback.succeed(`Renamed to “${name}”.`);
            list.reload();
          }}
        />
      )}
      {pending?.action === 'duplicate' && (
        <NameDialog
          onClose={() => setPending(null)}
          title={`Duplicate ${info.singular}`}
          description="The copy starts from the current draft, with none of the original’s versions or history."
          submitLabel="Duplicate"
          initialName={`${pending.document.name} (copy)`}
          onSave={async (name) => {
            const copy = await documentsApi.duplicateDocument(pending.document.id, { name });
            navigate(documentPath(kind, copy.id));
          }}
        />
      )}
      {pending?.action === 'delete' && (
        <ConfirmDialog
          onClose={() => setPending(null)}
          title={`Delete this ${info.singular}?`}
          confirmLabel="Delete for good"
          onConfirm={async () => {
            await documentsApi.deleteDocument(pending.document.id);
            feedback.succeed(`“${pending.document.name}” was deleted.`);
            list.reload();
          }}
        >
          <p>
            “{pending.document.name}” and its whole history will be removed for everyone. This cannot be
            undone. If you might need it again, archive it instead.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function DocumentsEmptyState({
  kind,
  q,
  view,
  canEdit,
  canCreate,
  onClearSearch,
  onCreate,
}: {
  kind: DocumentKind;
  q: string;
  view: View;
  canEdit: boolean;
  canCreate: boolean;
  onClearSearch: () => void;
  onCreate: () => void;
}) {
  const info = documentKindInfo[kind];
  if (q) {
    return (
      <EmptyState
        icon={info.icon}
        title={`No ${info.title.toLowerCase()} match “${q}”`}
        action={<Button onClick={onClearSearch}>Clear search</Button>}
      >
        <p>Try fewer or other words. Search looks at names.</p>
      </EmptyState>
    );
  }
  if (view === 'archived') {
    return (
      <EmptyState icon={Archive} title="Nothing archived">
        <p>
          Archived {info.title.toLowerCase()} appear here. Archiving hides one from the list without deleting
          it.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={info.icon}
      title={`No ${info.title.toLowerCase()} yet`}
      action={
        canCreate && (
          <Button variant="primary" icon={Plus} onClick={onCreate}>
            New {info.singular}
          </Button>
        )
      }
    >
      <p>{info.explanation}</p>
      {!canEdit && <p className="mt-2">Developers create them; as a reviewer you can open and read them.</p>}
    </EmptyState>
  );
}
