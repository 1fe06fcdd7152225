import type { DocumentSummary } from '@erp/shared/api/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { ArrowLeft, Hammer } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import * as documentsApi from '../../api/documents';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { buttonClasses } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';
import { builders, CollabBuilder } from '../builders/collab-builder';
import { documentKindInfo, documentListPath } from './document-kinds';

/**
 * One builder document at /console/<segment>/:id: its collaborative builder where one exists (see
 * builders/collab-builder.tsx), otherwise the document's details.
 */
export function DocumentEditorPage({ kind }: { kind: DocumentKind }) {
  const { id = '' } = useParams();
  const info = documentKindInfo[kind];
  const document = useApi(`document|${id}`, (signal) => documentsApi.getDocument(id, signal));
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

  const Builder = builders[kind];
  return (
    <>
      <PageHeader
        eyebrow={backLink}
        title={document.data.name}
        description={document.data.archived ? <Badge>Archived</Badge> : undefined}
      />
      {Builder && !document.data.archived ? (
        <CollabBuilder kind={kind} id={id} name={document.data.name} builder={Builder} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            {Builder ? (
              <EmptyState icon={info.icon} title={`This ${info.singular} is archived`}>
                <p>Restore it from the list to edit it again.</p>
              </EmptyState>
            ) : (
              <EmptyState icon={Hammer} title={`The ${info.singular} builder is coming`}>
                <p>
                  Here you and your colleagues will edit this {info.singular} together, live or offline. Until
                  the builder arrives, the document exists and keeps its name and history.
                </p>
              </EmptyState>
            )}
          </Card>
          <DocumentDetails kind={kind} document={document.data} />
        </div>
      )}
    </>
  );
}

function DocumentDetails({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const rows: [string, ReactNode][] = [
    ['Kind', capitalize(documentKindInfo[kind].singular)],
    ['Created', `${formatDateTime(document.createdAt)} by ${document.createdBy.name}`],
    ['Last change', `${formatDateTime(document.updatedAt)} by ${document.updatedBy.name}`],
    ['Status', document.archived ? 'Archived' : 'Active'],
    [
      'ID',
      <code key="id" className="text-xs break-all">
        {document.id}
      </code>,
    ],
  ];
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="divide-y divide-neutral-100 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="px-5 py-3">
            <dt className="text-neutral-500">{label}</dt>
            <dd className="mt-0.5 text-neutral-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
