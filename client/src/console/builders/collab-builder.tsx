import type { DocumentKind } from '@erp/shared/ids';
import { toDocumentName } from '@erp/shared/ids';
import type { ComponentType } from 'react';
import { useUser } from '../../app/session';
import { useCollabDocument } from '../../collab';
import { ErrorAlert } from '../../ui/alert';
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
  builder: Builder,
}: {
  kind: DocumentKind;
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
      <BuilderToolbar session={session} snapshot={snapshot} />
      {snapshot.isReadOnly && (
        <p className="rounded-lg border border-neutral-200 bg-neutral-50 px-4 py-3 text-sm text-neutral-700">
          Read-only: you can look at this document; developers and admins change it.
        </p>
      )}
      <Builder session={session} snapshot={snapshot} />
    </div>
  );
}
