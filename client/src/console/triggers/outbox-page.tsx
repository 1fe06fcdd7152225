import { formatBytes } from '@erp/shared/api/files';
import type { OutboxMessage } from '@erp/shared/api/triggers';
import { Mail, Paperclip } from 'lucide-react';
import { useState } from 'react';
import { listOutbox, outboxAttachmentUrl } from '../../api/triggers';
import { usePagedList } from '../../api/use-api';
import { Badge } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { PagedListCard } from '../../ui/paged-list-card';

/** Mail sent by triggers: kept here when no SMTP server is configured, and a copy of what went out when one is. */
export function OutboxPage() {
  const list = usePagedList('outbox', (cursor, signal) => listOutbox(cursor, signal));
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Mail that triggers sent. Without SMTP_URL it stays here instead of being delivered."
      />
      <PagedListCard
        list={list}
        noun="Messages"
        empty={
          <EmptyState icon={Mail} title="No mail yet">
            <p>When a trigger's "Send an email" or "Email a report" action runs, its message appears here.</p>
          </EmptyState>
        }
      >
        {(messages) => (
          <ul className="divide-y divide-neutral-100" aria-label="Messages">
            {messages.map((message) => (
              <MessageRow
                key={message.id}
                message={message}
                isOpen={openId === message.id}
                onToggle={() => setOpenId(openId === message.id ? null : message.id)}
              />
            ))}
          </ul>
        )}
      </PagedListCard>
    </>
  );
}

function MessageRow({
  message,
  isOpen,
  onToggle,
}: {
  message: OutboxMessage;
  isOpen: boolean;
  onToggle: () => void;
}) {
  return (
    <li>
      <button
        type="button"
        aria-expanded={isOpen}
        className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3 text-left text-sm hover:bg-neutral-50 focus-visible:bg-neutral-50"
        onClick={onToggle}
      >
        <span className="font-medium text-neutral-900">{message.subject || '(no subject)'}</span>
        <span className="min-w-0 break-words text-neutral-600">to {message.to.join(', ')}</span>
        {message.attachments.length > 0 && (
          <span className="flex items-center gap-1 text-neutral-500">
            <Paperclip className="size-3.5" aria-hidden />
            {message.attachments.length === 1 ? '1 attachment' : `${message.attachments.length} attachments`}
          </span>
        )}
        <span className="ml-auto flex items-center gap-2 text-neutral-500">
          <Badge tone={message.sentAt ? 'green' : 'neutral'}>{message.sentAt ? 'Sent' : 'Kept'}</Badge>
          {formatDateTime(message.createdAt)}
        </span>
      </button>
      {isOpen && (
        <div className="space-y-2 px-5 pb-4">
          <iframe
            title={`Message: ${message.subject}`}
            sandbox=""
            className="h-40 w-full rounded border border-neutral-200 bg-white"
            srcDoc={message.html}
          />
          {message.attachments.length > 0 && (
            <ul className="flex flex-wrap gap-2" aria-label={`Attachments of ${message.subject}`}>
              {message.attachments.map((attachment) => (
                <li key={attachment.position}>
                  <a
                    href={outboxAttachmentUrl(message.id, attachment.position)}
                    download={attachment.filename}
                    className="inline-flex items-center gap-1.5 rounded-md border border-neutral-200 px-2.5 py-1 text-sm text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <Paperclip className="size-3.5" aria-hidden />
                    {attachment.filename}
                    <span className="text-neutral-500">{formatBytes(attachment.size)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p className="break-all font-mono text-xs text-neutral-500">Message-ID {message.messageId}</p>
        </div>
      )}
    </li>
  );
}
