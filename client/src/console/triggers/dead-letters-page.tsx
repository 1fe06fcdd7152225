import type { DeadLetter } from '@erp/shared/api/triggers';
import { Inbox, RotateCcw } from 'lucide-react';
import { Link } from 'react-router';
import { listDeadLetters, retryDeadLetter } from '../../api/triggers';
import { useAction, usePagedList } from '../../api/use-api';
import { ErrorAlert, FeedbackArea, useFeedback } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';
import { documentPath } from '../documents/document-kinds';

const actionLabels: Record<string, string> = {
  sendEmail: 'Send an email',
  startFlow: 'Start a flow',
  callWebhook: 'Call a webhook',
  createRecord: 'Create a record',
  updateRecord: 'Update a record',
  gmailSend: 'Send with Gmail',
  outlookSend: 'Send with Outlook',
  sheetsAppendRow: 'Append a row to a Google Sheet',
  sheetsUpdateRows: 'Update rows of a Google Sheet',
  sendReport: 'Email a report',
};

/** Trigger actions that failed through every retry; each can be tried again with the same idempotency key. */
export function DeadLettersPage() {
  const list = usePagedList('dead-letters', (cursor, signal) => listDeadLetters(cursor, signal));
  const feedback = useFeedback();
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Actions that failed every retry. Fix the cause (the receiver, a setting), then retry: the receiver gets the same idempotency key, so nothing happens twice."
      />
      <FeedbackArea feedback={feedback} />
      <PagedListCard
        list={list}
        noun="Dead letters"
        empty={
          <EmptyState icon={Inbox} title="Nothing failed">
            <p>Actions that fail after all their retries land here, with their error.</p>
          </EmptyState>
        }
      >
        {(letters) => (
          <ul className="divide-y divide-neutral-100" aria-label="Dead letters">
            {letters.map((letter) => (
              <LetterRow
                key={letter.id}
                letter={letter}
                onRetried={() => {
                  feedback.succeed('Queued again with the same key.');
                  list.reload();
                }}
              />
            ))}
          </ul>
        )}
      </PagedListCard>
    </>
  );
}

function LetterRow({ letter, onRetried }: { letter: DeadLetter; onRetried: () => void }) {
  const retry = useAction(async () => {
    await retryDeadLetter(letter.id);
    onRetried();
  });
  return (
    <li className="space-y-1 px-5 py-3 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Link
          className="font-medium text-indigo-700 hover:underline"
          to={documentPath('trigger', letter.documentId)}
        >
          {letter.triggerName || 'Unnamed trigger'}
        </Link>
        <span className="text-neutral-700">{actionLabels[letter.type] ?? letter.type}</span>
        <span className="text-neutral-500">
          {letter.attempts} {letter.attempts === 1 ? 'attempt' : 'attempts'} ·{' '}
          {formatDateTime(letter.updatedAt)}
        </span>
        <Button
          className="ml-auto"
          size="sm"
          icon={RotateCcw}
          isPending={retry.isPending}
          onClick={() => void retry.run()}
        >
          Retry
        </Button>
      </div>
      <p className="text-red-700">{letter.error}</p>
      {retry.error ? <ErrorAlert error={retry.error} title="The retry could not be queued" /> : null}
    </li>
  );
}
