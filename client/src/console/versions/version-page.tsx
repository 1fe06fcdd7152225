import type { DocumentSummary } from '@erp/shared/api/documents';
import { versionNumberSchema } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { GitCompareArrows, MessageSquare, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { canEditDocuments } from '../../app/access';
import { useUser } from '../../app/session';
import { ErrorAlert, FeedbackArea, useFeedback } from '../../ui/alert';
import { Button, buttonClasses } from '../../ui/button';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { DocumentFrame } from '../documents/document-frame';
import { RestoreDialog } from './restore-dialog';
import { comparePagePath, previousOf } from './sides';
import { SnapshotCard } from './snapshot-view';
import { VersionStatusBadge } from './version-status';

/** /console/<segment>/:id/versions/:number: one version, read-only, with review, compare and restore. */
export function VersionPage({ kind }: { kind: DocumentKind }) {
  return (
    <DocumentFrame kind={kind} section="versions">
      {(document) => <VersionView kind={kind} document={document} />}
    </DocumentFrame>
  );
}

function VersionView({ kind, document }: { kind: DocumentKind; document: DocumentSummary }) {
  const { id } = document;
  const parsed = versionNumberSchema.safeParse(useParams().number);
  const number = parsed.success ? parsed.data : 0;
  const user = useUser();
  const feedback = useFeedback();
  const [isRestoring, setIsRestoring] = useState(false);
  const version = useApi(`version|${id}|${number}`, (signal) => versionsApi.getVersion(id, number, signal));

  if (version.error !== undefined) {
    return (
      <ErrorAlert
        error={version.error}
        title={`Version ${number || ''} could not be loaded`}
        onRetry={version.reload}
      />
    );
  }
  if (!version.data) return <LoadingState label={`Loading version ${number}…`} />;
  const { data } = version;
  return (
    <>
      <FeedbackArea feedback={feedback} />
      <SnapshotCard
        kind={kind}
        snapshot={data.content}
        title={`Version ${data.number}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <VersionStatusBadge status={data.status} />
            <span>
              {data.message || 'No message'} · published <RelativeTime iso={data.createdAt} /> by{' '}
              {data.author.name}
              {data.approvedBy && data.approvedAt && (
                <>
                  {' '}
                  · approved <RelativeTime iso={data.approvedAt} /> by {data.approvedBy.name}
                </>
              )}
            </span>
          </span>
        }
        actions={
          <>
            <Link
              className={buttonClasses('secondary', 'sm')}
              to={comparePagePath(kind, id, previousOf(number), number)}
            >
              <MessageSquare className="size-4" aria-hidden="true" />
              Review
            </Link>
            <Link
              className={buttonClasses('secondary', 'sm')}
              to={comparePagePath(kind, id, number, 'draft')}
            >
              <GitCompareArrows className="size-4" aria-hidden="true" />
              Compare with the draft
            </Link>
            {canEditDocuments(user.roles) && (
              <Button size="sm" icon={RotateCcw} onClick={() => setIsRestoring(true)}>
                Restore into the draft
              </Button>
            )}
          </>
        }
      />
      {isRestoring && (
        <RestoreDialog
          documentId={id}
          version={data}
          onClose={() => setIsRestoring(false)}
          onRestored={(message) => feedback.succeed(message)}
        />
      )}
    </>
  );
}
