import {
  createReviewInputSchema,
  type Review,
  type ReviewDecision,
  type VersionSummary,
} from '@erp/shared/api/versions';
import { clsx } from 'clsx';
import { Check, MessageSquare, Reply, X } from 'lucide-react';
import { useState } from 'react';
import { parseForm, splitFormError } from '../../api/client';
import { useAction, useApi } from '../../api/use-api';
import * as versionsApi from '../../api/versions';
import { useUser } from '../../app/session';
import { ErrorAlert } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { Checkbox, Field, textareaClasses } from '../../ui/field';
import { RelativeTime } from '../../ui/relative-time';
import { LoadingState } from '../../ui/spinner';
import { VersionStatusBadge } from './version-status';

const decisionInfo = {
  approve: { label: 'Approved', tone: 'green' },
  requestChanges: { label: 'Changes requested', tone: 'red' },
  comment: { label: 'Comment', tone: 'neutral' },
} satisfies Record<ReviewDecision, { label: string; tone: BadgeTone }>;

interface Thread {
  review: Review;
  replies: Review[];
}

/**
 * The review of one version beside its diff: threads (on the version, or on one element of it), replies, and
 * a reviewer's decision. Approving a candidate makes it live; its author cannot approve it.
 */
export function ReviewPanel({
  documentId,
  version,
  selected,
  describeElement,
  onSelectElement,
  onDecided,
}: {
  documentId: string;
  version: VersionSummary;
  /** The element selected in the diff: a new comment can be about it. */
  selected: string | null;
  describeElement: (entityId: string) => string;
  onSelectElement: (entityId: string) => void;
  /** After an approval or a request for changes (the version's status may have changed). */
  onDecided: () => void;
}) {
  const reviews = useApi(`reviews|${documentId}|${version.number}`, (signal) =>
    versionsApi.listReviews(documentId, version.number, signal),
  );
  const threads = toThreads(reviews.data?.items ?? []);
  return (
    <Card>
      <CardHeader
        title={`Review of version ${version.number}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <VersionStatusBadge status={version.status} />
            {version.status === 'candidate' && 'Goes live when a reviewer approves it.'}
          </span>
        }
      />
      {reviews.error !== undefined ? (
        <div className="p-4">
          <ErrorAlert
            error={reviews.error}
            title="The reviews could not be loaded"
            onRetry={reviews.reload}
          />
        </div>
      ) : !reviews.data ? (
        <LoadingState label="Loading the reviews…" className="py-8" />
      ) : threads.length === 0 ? (
        <p className="px-5 py-4 text-sm text-neutral-500">
          No comments yet. Select a change to comment on that element, or write about the whole version.
        </p>
      ) : (
        <ul aria-label="Review threads" className="divide-y divide-neutral-100">
          {threads.map((thread) => (
            <ThreadItem
              key={thread.review.id}
              thread={thread}
              documentId={documentId}
              versionNumber={version.number}
              isSelected={thread.review.entityId !== null && thread.review.entityId === selected}
              describeElement={describeElement}
              onSelectElement={onSelectElement}
              onReplied={reviews.reload}
            />
          ))}
        </ul>
      )}
      <ReviewForm
        documentId={documentId}
        version={version}
        selected={selected}
        describeElement={describeElement}
        onReviewed={(decision) => {
          reviews.reload();
          if (decision !== 'comment') onDecided();
        }}
      />
    </Card>
  );
}

function toThreads(reviews: readonly Review[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const review of reviews) {
    const parent = review.parentId ? threads.get(review.parentId) : undefined;
    if (parent) parent.replies.push(review);
    else threads.set(review.id, { review, replies: [] });
  }
  return [...threads.values()];
}

function ThreadItem({
  thread,
  documentId,
  versionNumber,
  isSelected,
  describeElement,
  onSelectElement,
  onReplied,
}: {
  thread: Thread;
  documentId: string;
  versionNumber: number;
  isSelected: boolean;
  describeElement: (entityId: string) => string;
  onSelectElement: (entityId: string) => void;
  onReplied: () => void;
}) {
  const { review, replies } = thread;
  const [isReplying, setIsReplying] = useState(false);
  return (
    <li className={clsx('px-5 py-4', isSelected && 'bg-indigo-50/60')}>
      <ReviewEntry review={review} />
      {review.entityId && (
        <button
          type="button"
          className="mt-1 block text-xs font-medium text-indigo-700 hover:underline"
          onClick={() => review.entityId && onSelectElement(review.entityId)}
        >
          On {describeElement(review.entityId)}
        </button>
      )}
      {replies.length > 0 && (
        <ul aria-label="Replies" className="mt-3 space-y-3 border-l-2 border-neutral-200 pl-3">
          {replies.map((reply) => (
            <li key={reply.id}>
              <ReviewEntry review={reply} />
            </li>
          ))}
        </ul>
      )}
      {isReplying ? (
        <ReplyForm
          documentId={documentId}
          versionNumber={versionNumber}
          parent={review}
          onCancel={() => setIsReplying(false)}
          onReplied={() => {
            setIsReplying(false);
            onReplied();
          }}
        />
      ) : (
        <Button
          variant="ghost"
          size="sm"
          icon={Reply}
          className="mt-2 -ml-2.5"
          onClick={() => setIsReplying(true)}
        >
          Reply
        </Button>
      )}
    </li>
  );
}

function ReviewEntry({ review }: { review: Review }) {
  const decision = decisionInfo[review.decision];
  return (
    <div className="text-sm">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium text-neutral-900">{review.author.name}</span>
        {review.decision !== 'comment' && <Badge tone={decision.tone}>{decision.label}</Badge>}
        <span className="text-xs text-neutral-500">
          <RelativeTime iso={review.createdAt} />
        </span>
      </p>
      {review.body && <p className="mt-1 whitespace-pre-line text-neutral-700">{review.body}</p>}
    </div>
  );
}

function ReplyForm({
  documentId,
  versionNumber,
  parent,
  onCancel,
  onReplied,
}: {
  documentId: string;
  versionNumber: number;
  parent: Review;
  onCancel: () => void;
  onReplied: () => void;
}) {
  const [body, setBody] = useState('');
  const reply = useAction(() =>
    versionsApi.createReview(
      documentId,
      versionNumber,
      parseForm(createReviewInputSchema, { decision: 'comment', body, parentId: parent.id }),
    ),
  );
  const { fieldErrors, formError } = splitFormError(reply.error, ['body']);
  return (
    <div className="mt-3 space-y-2">
      <Field label={`Reply to ${parent.author.name}`} error={fieldErrors.body}>
        {(control) => (
          <textarea
            {...control}
            // biome-ignore lint/a11y/noAutofocus: the reply box opens where the person asked for it.
            autoFocus
            rows={2}
            className={textareaClasses}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      {formError !== undefined && formError !== null && (
        <ErrorAlert error={formError} title="The reply was not sent" />
      )}
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="primary"
          isPending={reply.isPending}
          onClick={async () => (await reply.run()).ok && onReplied()}
        >
          Reply
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function ReviewForm({
  documentId,
  version,
  selected,
  describeElement,
  onReviewed,
}: {
  documentId: string;
  version: VersionSummary;
  selected: string | null;
  describeElement: (entityId: string) => string;
  onReviewed: (decision: ReviewDecision) => void;
}) {
  const user = useUser();
  const [body, setBody] = useState('');
  const [isAboutSelected, setIsAboutSelected] = useState(true);
  const [decision, setDecision] = useState<ReviewDecision>('comment');
  const entityId = selected && isAboutSelected ? selected : undefined;
  const review = useAction((chosen: ReviewDecision) =>
    versionsApi.createReview(
      documentId,
      version.number,
      parseForm(createReviewInputSchema, { decision: chosen, body, entityId }),
    ),
  );
  const { fieldErrors, formError } = splitFormError(review.error, ['body']);
  const submit = async (chosen: ReviewDecision) => {
    setDecision(chosen);
    const result = await review.run(chosen);
    if (!result.ok) return;
    setBody('');
    onReviewed(chosen);
  };
  const isOwnVersion = version.author.id === user.id;
  // Only a candidate waits for a decision, and never its author's.
  const canDecide = version.status === 'candidate' && !isOwnVersion;
  const pendingOf = (chosen: ReviewDecision) => review.isPending && decision === chosen;
  return (
    <div className="space-y-3 border-t border-neutral-200 px-5 py-4">
      <Field
        label="Your review"
        error={fieldErrors.body}
        help={
          isOwnVersion && version.status === 'candidate'
            ? 'You published this version: a colleague approves it.'
            : undefined
        }
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            className={textareaClasses}
            placeholder="What works, what needs another look?"
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      {selected && (
        <Checkbox
          label={`About ${describeElement(selected)}`}
          description="Unticked, the comment is about the whole version."
          checked={isAboutSelected}
          onChange={(event) => setIsAboutSelected(event.target.checked)}
        />
      )}
      {formError !== undefined && formError !== null && (
        <ErrorAlert error={formError} title="The review was not saved" />
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          icon={MessageSquare}
          size="sm"
          isPending={pendingOf('comment')}
          disabled={review.isPending}
          onClick={() => submit('comment')}
        >
          Comment
        </Button>
        {canDecide && (
          <>
            <Button
              icon={X}
              size="sm"
              isPending={pendingOf('requestChanges')}
              disabled={review.isPending}
              onClick={() => submit('requestChanges')}
            >
              Request changes
            </Button>
            <Button
              icon={Check}
              size="sm"
              variant="primary"
              isPending={pendingOf('approve')}
              disabled={review.isPending}
              onClick={() => submit('approve')}
            >
              Approve
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
