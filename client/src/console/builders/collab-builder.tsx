import { isLaidOut, readDocument } from '@erp/shared/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { Download, Send, Upload } from 'lucide-react';
import { type ComponentType, lazy, Suspense, useState } from 'react';
import type { CollabSession, CollabSnapshot, DocumentRemoval } from '../../collab';
import { ErrorAlert, FeedbackArea, useFeedback } from '../../ui/alert';
import { Button } from '../../ui/button';
import { LoadingState } from '../../ui/spinner';
import { ImportDialog } from '../versions/import-dialog';
import { ProblemsBanner } from '../versions/problems-banner';
import { describePublished, PublishDialog } from '../versions/publish-dialog';
import { noProblems, type PublishProblems } from '../versions/publish-problems';
import type { KindWithBuilder } from './builder-kinds';
import type { BuilderProps } from './builder-props';
import { BuilderToolbar } from './builder-toolbar';
import { TaskFormBuilder } from './task-form/task-form-builder';

// One builder per kind listed in builder-kinds.ts.
export const builders = {
  taskForm: TaskFormBuilder,
  // The canvas (React Flow, dagre) loads only when a flow is opened: it stays out of the console's first load.
  flow: lazy(() => import('./flow/flow-builder')),
  trigger: lazy(() => import('./trigger/trigger-builder')),
  table: lazy(() => import('./table/table-builder')),
  dataset: lazy(() => import('./dataset/dataset-builder')),
} satisfies Record<KindWithBuilder, ComponentType<BuilderProps>>;

/** A document open for live co-editing (local copy first, so it opens offline too) in its builder. */
export function CollabBuilder({
  kind,
  id,
  name,
  collab: { session, snapshot },
  builder: Builder,
}: {
  kind: DocumentKind;
  id: string;
  name: string;
  /** The document's live session (`useCollabDocument`), opened by the page. */
  collab: { session: CollabSession | null; snapshot: CollabSnapshot };
  builder: ComponentType<BuilderProps>;
}) {
  const [dialog, setDialog] = useState<'publish' | 'import' | null>(null);
  const [problems, setProblems] = useState<PublishProblems>(noProblems);
  const feedback = useFeedback();
  if (snapshot.state === 'denied') {
    return <ErrorAlert title="This document cannot be opened">{snapshot.deniedReason}</ErrorAlert>;
  }
  // A document never opened in this browser has an empty local copy: its builder waits for the server's
  // layout instead of reading a document with no kind and no content.
  if (!session || !isLaidOut(session.doc, kind)) {
    return <LoadingState label="Opening the document…" />;
  }
  // A removed document takes no more edits: only the export of this page's copy stays useful.
  const canEdit = !snapshot.isReadOnly && !snapshot.removal;
  const exportButton = (
    <Button variant="ghost" size="sm" icon={Download} onClick={() => exportDraft(kind, name, session)}>
      Export
    </Button>
  );
  return (
    <div className="space-y-4">
      <BuilderToolbar
        session={session}
        snapshot={snapshot}
        actions={
          <>
            {exportButton}
            {canEdit && (
              <>
                <Button variant="ghost" size="sm" icon={Upload} onClick={() => setDialog('import')}>
                  Import
                </Button>
                <Button variant="primary" size="sm" icon={Send} onClick={() => setDialog('publish')}>
                  Publish
                </Button>
              </>
            )}
          </>
        }
      />
      {snapshot.removal && (
        <ErrorAlert title={describeRemoval(snapshot.removal)}>
          <p>
            Nothing you change here is saved any more. Export this page's copy as JSON to keep your edits.
          </p>
          <div className="mt-2">{exportButton}</div>
        </ErrorAlert>
      )}
      {snapshot.isReadOnly && !snapshot.removal && (
        <p className="rounded-lg border border-neutral-200 bg-neutral-50 px-4 py-3 text-sm text-neutral-700">
          Read-only: you can look at this document; developers and admins change it.
        </p>
      )}
      <FeedbackArea feedback={feedback} />
      {problems.issues.length > 0 && (
        <ProblemsBanner
          problems={problems}
          draft={readDocument(kind, session.doc)}
          onDismiss={() => setProblems(noProblems)}
        />
      )}
      <Suspense fallback={<LoadingState label="Loading the builder…" />}>
        <Builder session={session} snapshot={snapshot} problems={problems} />
      </Suspense>
      {dialog === 'publish' && (
        <PublishDialog
          kind={kind}
          documentId={id}
          onClose={() => setDialog(null)}
          onProblems={setProblems}
          onPublished={(result) => {
            setDialog(null);
            setProblems(noProblems);
            feedback.succeed(describePublished(result));
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog
          kind={kind}
          documentId={id}
          onClose={() => setDialog(null)}
          onImported={(changed) => {
            setDialog(null);
            setProblems(noProblems);
            feedback.succeed(
              changed ? 'The draft now holds the imported file.' : 'The draft already equalled the file.',
            );
          }}
        />
      )}
    </div>
  );
}

function describeRemoval({ reason, by }: DocumentRemoval): string {
  const verb = reason === 'archived' ? 'archived' : 'deleted';
  return by ? `${by.name} ${verb} this document` : `This document was ${verb}`;
}

/** Downloads the draft as JSON in the kind's published schema (import it when creating a document). */
function exportDraft(kind: DocumentKind, name: string, session: CollabSession): void {
  const json = JSON.stringify(readDocument(kind, session.doc), null, 2);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  link.download = `${name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || kind}.${kind}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}
