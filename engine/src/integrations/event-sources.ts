import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient, SecretBox } from '@erp/prisma';
import { googleApiUrl, graphApiUrl, type Trigger, type TriggerEvent } from '@erp/shared';
import type { Logger } from 'pino';
import type { OutboundClient } from '../outbound/outbound-client';
import { type IntegrationServices, openProviderSession, type ProviderSession } from './provider-client';

// Events of connected accounts, polled per live trigger: Gmail's new messages matching a query (incrementally,
// from the mailbox's history id), a sheet's new rows (past the row count seen), Outlook's new messages in a
// folder (Graph delta links). The first poll only takes the current position: nothing that was already there
// fires. Each event id is the trigger and the item, written before the cursor moves, so an item seen twice is
// one event and one run.

type PolledEvent = Extract<
  TriggerEvent,
  { type: 'gmail.message_received' | 'sheets.row_added' | 'outlook.message_received' }
>;
const polledTypes = ['gmail.message_received', 'sheets.row_added', 'outlook.message_received'];

export interface EventSourceDeps {
  prisma: PrismaClient;
  logger: Logger;
  secrets: SecretBox | null;
  outbound: OutboundClient;
  integrations: IntegrationServices;
}

interface Polled {
  cursor: string;
  events: { id: string; payload: Record<string, unknown> }[];
}

/** One pass over every live trigger on a polled event; returns how many events it wrote. */
export async function pollConnectedEvents(deps: EventSourceDeps): Promise<number> {
  const triggers = await deps.prisma.$queryRaw<{ document_id: string; content: Trigger }[]>`
    SELECT v.document_id, v.content FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    WHERE v.status = 'live' AND d.kind = 'trigger' AND d.archived_at IS NULL
      AND v.content->'event'->>'type' = ANY(${polledTypes}::text[])
      AND (v.content->>'enabled')::boolean`;
  let written = 0;
  for (const { document_id: triggerId, content } of triggers) {
    const event = content.event as PolledEvent;
    try {
      written += await pollOne(deps, triggerId, event);
    } catch (error) {
      // A revoked connection or a provider that is down: the next pass tries again; the connection shows why.
      deps.logger.warn(
        { triggerId, type: event.type, message: String(error) },
        'polling a connected account failed',
      );
    }
  }
  return written;
}

async function pollOne(deps: EventSourceDeps, triggerId: string, event: PolledEvent): Promise<number> {
  const source = createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32);
  const stored = await deps.prisma.integrationCursor.findUnique({ where: { triggerId } });
  const cursor = stored?.source === source ? stored.cursor : null;
  const session = await openProviderSession({
    db: deps.prisma,
    box: deps.secrets,
    outbound: deps.outbound,
    services: deps.integrations,
    connectionId: event.connectionId,
    provider: event.type === 'outlook.message_received' ? 'microsoft' : 'google',
  });
  const polled = await pollers[event.type](session, deps.integrations, event as never, cursor, triggerId);
  const data = polled.events.map((item) => ({
    id: `${event.type}:${triggerId}:${item.id}`,
    type: event.type,
    payload: { ...item.payload, triggerId, connectionId: event.connectionId } as Prisma.InputJsonValue,
  }));
  await deps.prisma.$transaction(async (tx) => {
    if (data.length > 0) await tx.event.createMany({ data, skipDuplicates: true });
    await tx.integrationCursor.upsert({
      where: { triggerId },
      create: { triggerId, source, cursor: polled.cursor },
      update: { source, cursor: polled.cursor },
    });
  });
  return data.length;
}

type Poller<Type extends PolledEvent['type']> = (
  session: ProviderSession,
  services: IntegrationServices,
  event: Extract<PolledEvent, { type: Type }>,
  cursor: string | null,
  triggerId: string,
) => Promise<Polled>;

const maxPages = 20;

const pollGmail: Poller<'gmail.message_received'> = async (session, services, event, cursor) => {
  const url = (path: string) => googleApiUrl(services.config, 'gmail', `/gmail/v1/users/me${path}`);
  if (cursor === null) {
    const profile = await session.call<{ historyId: string }>({ method: 'GET', url: url('/profile') });
    return { cursor: profile.historyId, events: [] };
  }
  const added = new Set<string>();
  let historyId = cursor;
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const query = new URLSearchParams({ startHistoryId: cursor, historyTypes: 'messageAdded' });
    if (pageToken) query.set('pageToken', pageToken);
    const history = await session.call<{
      history?: { messagesAdded?: { message: { id: string } }[] }[];
      historyId: string;
      nextPageToken?: string;
    }>({ method: 'GET', url: url(`/history?${query}`) });
    for (const record of history.history ?? []) {
      for (const { message } of record.messagesAdded ?? []) added.add(message.id);
    }
    historyId = history.historyId;
    pageToken = history.nextPageToken;
    if (!pageToken) break;
  }
  if (added.size === 0) return { cursor: historyId, events: [] };
  // History says what is new; the search says what matches the query (Gmail evaluates its own syntax).
  const matching = new Set<string>();
  if (event.query.trim()) {
    const search = new URLSearchParams({ q: event.query, maxResults: '500' });
    const found = await session.call<{ messages?: { id: string }[] }>({
      method: 'GET',
      url: url(`/messages?${search}`),
    });
    for (const message of found.messages ?? []) matching.add(message.id);
  }
  const events: Polled['events'] = [];
  for (const id of added) {
    if (event.query.trim() && !matching.has(id)) continue;
    const message = await session.call<{
      id: string;
      threadId: string;
      snippet?: string;
      payload?: { headers?: { name: string; value: string }[] };
    }>({
      method: 'GET',
      url: url(
        `/messages/${encodeURIComponent(id)}?format=metadata&metadataHeaders=From&metadataHeaders=To&metadataHeaders=Subject&metadataHeaders=Message-ID`,
      ),
    });
    const header = (name: string) =>
      message.payload?.headers?.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value ?? '';
    events.push({
      id,
      payload: {
        gmailId: message.id,
        threadId: message.threadId,
        messageId: header('Message-ID'),
        from: header('From'),
        to: header('To'),
        subject: header('Subject'),
        snippet: message.snippet ?? '',
      },
    });
  }
  return { cursor: historyId, events };
};

const pollSheet: Poller<'sheets.row_added'> = async (session, services, event, cursor) => {
  const range = encodeURIComponent(`'${event.sheet}'`);
  const sheet = await session.call<{ values?: string[][] }>({
    method: 'GET',
    url: googleApiUrl(
      services.config,
      'sheets',
      `/v4/spreadsheets/${encodeURIComponent(event.spreadsheetId)}/values/${range}`,
    ),
  });
  const [header = [], ...rows] = sheet.values ?? [];
  const seen = cursor === null ? rows.length : Number(cursor);
  const events = rows.slice(seen).map((row, offset) => {
    const rowNumber = seen + offset + 2;
    return {
      id: String(rowNumber),
      payload: { rowNumber, row: Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])) },
    };
  });
  return { cursor: String(Math.max(seen, rows.length)), events };
};

const pollOutlook: Poller<'outlook.message_received'> = async (session, services, event, cursor) => {
  let next: string | undefined =
    cursor ??
    graphApiUrl(services.config, `/v1.0/me/mailFolders/${encodeURIComponent(event.folder)}/messages/delta`);
  const events: Polled['events'] = [];
  for (let page = 0; page < maxPages && next; page += 1) {
    const answer: {
      value: {
        id: string;
        subject?: string;
        bodyPreview?: string;
        receivedDateTime?: string;
        from?: { emailAddress?: { address?: string } };
        '@removed'?: unknown;
      }[];
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    } = await session.call({ method: 'GET', url: next });
    // The first sync only finds where "now" is: what the folder already holds never fires.
    if (cursor !== null) {
      for (const message of answer.value) {
        if (message['@removed']) continue;
        events.push({
          id: message.id,
          payload: {
            messageId: message.id,
            from: message.from?.emailAddress?.address ?? '',
            subject: message.subject ?? '',
            preview: message.bodyPreview ?? '',
            receivedAt: message.receivedDateTime ?? null,
          },
        });
      }
    }
    if (answer['@odata.deltaLink']) return { cursor: answer['@odata.deltaLink'], events };
    next = answer['@odata.nextLink'];
  }
  // Still paging after maxPages: keep the position reached, the next pass continues from it.
  return { cursor: next ?? cursor ?? '', events };
};

const pollers: { [Type in PolledEvent['type']]: Poller<Type> } = {
  'gmail.message_received': pollGmail,
  'sheets.row_added': pollSheet,
  'outlook.message_received': pollOutlook,
};

/** Polls every `pollMs` (one pass at a time); `stop` waits for the pass under way. */
export function startEventSources(deps: EventSourceDeps, pollMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= pollConnectedEvents(deps)
      .catch((error: unknown) =>
        deps.logger.warn({ message: String(error) }, 'polling connected accounts failed'),
      )
      .finally(() => {
        running = null;
      });
  }, pollMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
