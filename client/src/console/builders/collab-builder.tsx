import { readDocument } from '@erp/shared/documents';
import type { DocumentKind } from '@erp/shared/ids';
import { toDocumentName } from '@erp/shared/ids';
import { Download } from 'lucide-react';
import type { ComponentType } from 'react';
import { useUser } from '../../app/session';
import { type CollabSession, useCollabDocument } from '../../collab';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { LoadingState } from '../../ui/spinner';
import type { BuilderProps } from './builder-props';
import { BuilderToolbar } from './builder-toolbar';
import { TaskFormBuilder } from './task-form/task-form-builder';

// The kinds whose builder exists; the others show the document's details until theirs arrives.
export const builders: Partial<Record<DocumentKind, ComponentType<BuilderProps>>> = {
  taskForm: TaskFormBuilder,
};

/** Opens the document for live co-editing (local copy first, so it opens offline too) and mounts its builder. */
export function CollabBuilder({
  kind,
  id,
  name,
  builder: Builder,
}: {
  kind: DocumentKind;
  name: string;
  id: string;
  builder: ComponentType<BuilderProps>;
}) {
  const user = useUser();
  const { session, snapshot } = useCollabDocument(toDocumentName(kind, id), user);
  if (snapshot.state === 'denied') {
    return <ErrorAlert title="This document cannot be opened">{snapshot.deniedReason}</ErrorAlert>;
  }
  if (!session || (!snapshot.isLoaded && snapshot.state !== 'synced')) {
    return <LoadingState label="Opening the document…" />;
  }
  return (
    <div className="space-y-4">
      <BuilderToolbar
        session={session}
        snapshot={snapshot}
        actions={
          <Button variant="ghost" size="sm" icon={Download} onClick={() => exportDraft(kind, name, session)}>
            Export
          </Button>
        }
      />
      {snapshot.isReadOnly && (
        <p className="rounded-lg border border-neutral-200 bg-neutral-50 px-4 py-3 text-sm text-neutral-700">
          Read-only: you can look at this document; developers and admins change it.
        </p>
      )}
      <Builder session={session} snapshot={snapshot} />
    </div>
  );
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
