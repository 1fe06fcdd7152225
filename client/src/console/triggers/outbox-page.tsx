import type { OutboxMessage } from '@erp/shared/api/triggers';
import { Mail } from 'lucide-react';
import { useState } from 'react';
import { listOutbox } from '../../api/triggers';
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
            <p>When a trigger's "Send an email" action runs, its message appears here.</p>
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
        <span className="text-neutral-600">to {message.to.join(', ')}</span>
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
          <p className="font-mono text-xs text-neutral-500">Message-ID {message.messageId}</p>
        </div>
      )}
    </li>
  );
}
