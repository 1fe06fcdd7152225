import type { PublishPreview, PublishResult } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { useAction, useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { useUser } from '../../app/session';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog, FormDialog } from '../../ui/dialog';
import { Field, textareaClasses } from '../../ui/field';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { MigrationPreview } from '../tables/migration-preview';
import { useChangeAuthors } from './change-authors';
import { ChangeList } from './change-list';
import { type PublishProblems, publishIssuesOf, toPublishProblems } from './publish-problems';

/**
 * Publishing, with a look first: what changed since the last version, who made those edits (so nobody ships a
 * colleague's half-done change unaware), what would stop the publish, and a message. A refused publish hands
 * its problems to the builder, which marks them on the elements.
 */
export function PublishDialog({
  kind,
  documentId,
  onClose,
  onPublished,
  onProblems,
}: {
  kind: DocumentKind;
  documentId: string;
  onClose: () => void;
  onPublished: (result: PublishResult) => void;
  onProblems: (problems: PublishProblems) => void;
}) {
  const preview = useApi(`publish-preview|${documentId}`, (signal) =>
    versionsApi.getPublishPreview(documentId, signal),
  );
  const [message, setMessage] = useState('');
  const publish = useAction(async () => {
    try {
      return await versionsApi.publishDocument(documentId, { message });
    } catch (error) {
      const issues = publishIssuesOf(error);
      if (issues) {
        onProblems(toPublishProblems(kind, issues));
        onClose();
      }
      throw error;
    }
  });

  if (!preview.data) {
    return (
      <Dialog title="Publish" onClose={onClose}>
        {preview.error === undefined ? (
          <LoadingState label="Looking at what changed…" className="py-8" />
        ) : (
          <ErrorAlert
            error={preview.error}
            title="What would be published could not be loaded"
            onRetry={preview.reload}
          />
        )}
      </Dialog>
    );
  }
  const { data } = preview;
  return (
    <FormDialog
      title={data.requiresApproval ? 'Publish for review' : 'Publish'}
      description={describeOutcome(data)}
      submitLabel={data.requiresApproval ? 'Publish for review' : 'Publish'}
      action={publish}
      formError={publish.error}
      onClose={onClose}
      onDone={onPublished}
    >
      <PreviewBody
        kind={kind}
        documentId={documentId}
        preview={data}
        onShowProblems={(problems) => {
          onProblems(problems);
          onClose();
        }}
      />
      <Field
        label="Message"
        help="What changed and why, in a sentence. Reviewers and colleagues read it in the versions list."
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={2000}
            className={textareaClasses}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}

function describeOutcome(preview: PublishPreview): string {
  const next = (preview.baseVersion ?? 0) + 1;
  return preview.requiresApproval
    ? `Publishing needs approval here: version ${next} becomes a candidate and goes live once a reviewer other than you approves it.`
    : `Version ${next} goes live at once: new flows and tasks use it; running ones stay on their version.`;
}

function PreviewBody({
  kind,
  documentId,
  preview,
  onShowProblems,
}: {
  kind: DocumentKind;
  documentId: string;
  preview: PublishPreview;
  onShowProblems: (problems: PublishProblems) => void;
}) {
  const user = useUser();
  const authorsOf = useChangeAuthors(documentId, preview);
  const since =
    preview.baseVersion === null ? 'in the first version' : `since version ${preview.baseVersion}`;
  const colleagues = preview.authors.filter((author) => author.user.id !== user.id);
  return (
    <div className="space-y-4">
      {preview.migration && <MigrationPreview migration={preview.migration} />}
      {preview.issues.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">
            Publishing will be refused until{' '}
            {preview.issues.length === 1 ? 'this is' : `these ${preview.issues.length} problems are`} fixed:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {preview.issues.slice(0, 5).map((issue) => (
              <li key={`${issue.path.join('.')}:${issue.message}`}>{issue.message}</li>
            ))}
          </ul>
          <Button
            size="sm"
            className="mt-3"
            onClick={() => onShowProblems(toPublishProblems(kind, preview.issues))}
          >
            Show them in the editor
          </Button>
        </div>
      )}
      {colleagues.length > 0 && (
        <p className="flex gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>
            {colleagues.map((author) => author.user.name).join(', ')} also edited since the last version.
            Check that their changes are ready before publishing them.
          </span>
        </p>
      )}
      <section aria-labelledby="publish-authors">
        <h3 id="publish-authors" className="text-sm font-medium text-neutral-800">
          Edited by
        </h3>
        {preview.authors.length === 0 ? (
          <p className="mt-1 text-sm text-neutral-500">Nobody has edited since the last version.</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-sm text-neutral-700">
            {preview.authors.map((author) => (
              <li key={author.user.id}>
                <span className="font-medium text-neutral-900">{author.user.name}</span>
                {author.user.id === user.id && ' (you)'} · {author.edits}{' '}
                {author.edits === 1 ? 'edit' : 'edits'}, last <RelativeTime iso={author.lastEditAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="publish-changes">
        <h3 id="publish-changes" className="text-sm font-medium text-neutral-800">
          Changes <span className="font-normal text-neutral-500">{since}</span>
        </h3>
        {preview.changes.length === 0 ? (
          <p className="mt-1 text-sm text-neutral-500">
            {preview.baseVersion === null
              ? 'The document is empty.'
              : 'Nothing changed: publishing makes no new version.'}
          </p>
        ) : (
          <div className="mt-1 max-h-72 overflow-y-auto rounded-md border border-neutral-200">
            <ChangeList changes={preview.changes} label={`Changes ${since}`} authorsOf={authorsOf} />
          </div>
        )}
      </section>
    </div>
  );
}

/** What the builder says after a publish. */
export function describePublished({ version, created }: PublishResult): string {
  if (!created) return `Nothing changed since version ${version.number}, so no new version was made.`;
  return version.status === 'candidate'
    ? `Version ${version.number} waits for a reviewer’s approval before it goes live.`
    : `Version ${version.number} is live.`;
}
