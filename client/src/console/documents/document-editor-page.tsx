import type { DocumentSummary } from '@erp/shared/api/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { toDocumentName } from '@erp/shared/ids';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { useUser } from '../../app/session';
import { useCollabDocument } from '../../collab';
import { Card, CardHeader } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { hasBuilder, type KindWithBuilder } from '../builders/builder-kinds';
import { BuilderUnavailable } from '../builders/builder-unavailable';
import { builders, CollabBuilder } from '../builders/collab-builder';
import { DocumentFrame } from './document-frame';
import { documentKindInfo } from './document-kinds';

/**
 * One builder document at /console/<segment>/:id: its collaborative builder where one exists (see
 * builders/collab-builder.tsx), otherwise the document's details.
 */
export function DocumentEditorPage({ kind }: { kind: DocumentKind }) {
  return hasBuilder(kind) ? (
    <LiveDocumentEditor kind={kind} />
  ) : (
    <DocumentFrame kind={kind} section="editor">
      {(document) => <DocumentOverview kind={kind} document={document} />}
    </DocumentFrame>
  );
}

// The live connection opens at once, beside the request for the document's details, not after it: a cold
// open on a busy machine otherwise waits for one more round trip and render before the socket even starts.
function LiveDocumentEditor({ kind }: { kind: KindWithBuilder }) {
  const { id = '' } = useParams();
  const collab = useCollabDocument(toDocumentName(kind, id), useUser());
  return (
    <DocumentFrame kind={kind} section="editor">
      {(document) =>
        document.archived ? (
          <DocumentOverview kind={kind} document={document} />
        ) : (
          <CollabBuilder
            kind={kind}
            id={document.id}
            name={document.name}
            collab={collab}
            builder={builders[kind]}
          />
        )
      }
    </DocumentFrame>
  );
}

function DocumentOverview({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const info = documentKindInfo[kind];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        {hasBuilder(kind) ? (
          <EmptyState icon={info.icon} title={`This ${info.singular} is archived`}>
            <p>Restore it from the list to edit it again.</p>
          </EmptyState>
        ) : (
          <BuilderUnavailable kind={kind} />
        )}
      </Card>
      <DocumentDetails kind={kind} document={document} />
    </div>
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
