import type { DocumentSummary } from '@erp/shared/api/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { clsx } from 'clsx';
import { ArrowLeft } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import * as documentsApi from '../../api/documents';
import { useApi } from '../../api/use-api';
import { canEditDocuments } from '../../app/access';
import { useUser } from '../../app/session';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { buttonClasses } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader, usePageTitle } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';
import { documentKindInfo, documentListPath, documentPath } from './document-kinds';
import { InlineRename } from './inline-rename';

// The pages of one document, each a tab under its name.
export const documentSections = {
  editor: { label: 'Editor', path: '' },
  versions: { label: 'Versions', path: '/versions' },
  history: { label: 'History', path: '/history' },
} as const;
export type DocumentSection = keyof typeof documentSections;

export function documentSectionPath(kind: DocumentKind, id: string, section: DocumentSection): string {
  return `${documentPath(kind, id)}${documentSections[section].path}`;
}

/**
 * The frame of every page of one document (/console/<segment>/:id/…): the link back to the list, the name, the
 * tabs, and what to say when the document is missing or cannot be loaded.
 */
export function DocumentFrame({
  kind,
  section,
  children,
}: {
  kind: DocumentKind;
  section: DocumentSection;
  children: (document: DocumentSummary) => ReactNode;
}) {
  const { id = '' } = useParams();
  const info = documentKindInfo[kind];
  const user = useUser();
  const document = useApi(`document|${id}`, (signal) => documentsApi.getDocument(id, signal));
  // After PageHeader's own title (a child's effect runs first): the section says which page this is.
  usePageTitle(
    document.data && section !== 'editor'
      ? `${documentSections[section].label} · ${document.data.name}`
      : (document.data?.name ?? info.title),
  );
  const backLink = (
    <Link
      to={documentListPath(kind)}
      className="inline-flex items-center gap-1.5 rounded hover:text-neutral-800"
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      All {info.title.toLowerCase()}
    </Link>
  );

  if (document.error !== undefined) {
    const isMissing = document.error instanceof ApiError && document.error.code === 'not_found';
    return (
      <>
        <PageHeader
          eyebrow={backLink}
          title={isMissing ? `This ${info.singular} does not exist` : info.title}
        />
        {isMissing ? (
          <Card>
            <EmptyState
              icon={info.icon}
              title="Nothing here"
              action={
                <Link to={documentListPath(kind)} className={buttonClasses('primary')}>
                  Back to {info.title.toLowerCase()}
                </Link>
              }
            >
              <p>It may have been deleted, or the link is wrong.</p>
            </EmptyState>
          </Card>
        ) : (
          <ErrorAlert
            error={document.error}
            title={`The ${info.singular} could not be loaded`}
            onRetry={document.reload}
          />
        )}
      </>
    );
  }
  if (!document.data) return <LoadingState label={`Loading the ${info.singular}…`} />;

  return (
    <>
      <PageHeader
        eyebrow={backLink}
        title={document.data.name}
        description={document.data.archived ? <Badge>Archived</Badge> : undefined}
        actions={
          canEditDocuments(user.roles) && (
            <InlineRename id={id} name={document.data.name} onRenamed={document.reload} />
          )
        }
      />
      <DocumentTabs kind={kind} id={id} current={section} />
      {children(document.data)}
    </>
  );
}

function DocumentTabs({ kind, id, current }: { kind: DocumentKind; id: string; current: DocumentSection }) {
  return (
    <nav aria-label="Document" className="-mt-4 mb-6 border-b border-neutral-200">
      <ul className="-mb-px flex gap-6 overflow-x-auto text-sm font-medium">
        {(Object.keys(documentSections) as DocumentSection[]).map((section) => (
          <li key={section}>
            <Link
              to={documentSectionPath(kind, id, section)}
              aria-current={section === current ? 'page' : undefined}
              className={clsx(
                'inline-block border-b-2 px-1 pb-3',
                section === current
                  ? 'border-indigo-600 text-indigo-700'
                  : 'border-transparent text-neutral-600 hover:border-neutral-300 hover:text-neutral-900',
              )}
            >
              {documentSections[section].label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
