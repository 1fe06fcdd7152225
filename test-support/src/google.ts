import { randomBytes } from 'node:crypto';
import { type FakeRequest, type FakeResponse, json, parseJson } from './http';

// Gmail and Sheets as their REST APIs answer (v1 / v4): the subset the product uses, with Google's error body
// ({ error: { code, message, status } }) and page tokens.

export const googleError = (code: number, status: string, message: string) =>
  json(code, { error: { code, message, status } });

const scopeOf = (name: string) => `https://www.googleapis.com/auth/${name}`;

export interface GmailMessage {
  id: string;
  threadId: string;
  historyId: number;
  labelIds: string[];
  headers: Record<string, string>;
  /** The RFC 822 source, as sent (sent messages). */
  raw: string;
}

export interface SentGmail {
  id: string;
  threadId: string;
  headers: Record<string, string>;
  body: string;
}

export class FakeGoogleApis {
  readonly messages: GmailMessage[] = [];
  /** Spreadsheet id → sheet title → rows (row 1 is usually the header). */
  readonly spreadsheets = new Map<string, Map<string, string[][]>>();
  private historyId = 1000;

  constructor(private readonly account: string) {}

  /** Mail sent through messages.send, decoded. */
  get sentMail(): SentGmail[] {
    return this.messages
      .filter((message) => message.labelIds.includes('SENT'))
      .map((message) => ({
        id: message.id,
        threadId: message.threadId,
        headers: message.headers,
        body: message.raw
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n\n'),
      }));
  }

  /** A message arrives in the inbox (a new history record). */
  receive(headers: { from: string; subject: string; 'message-id'?: string }): GmailMessage {
    const id = randomBytes(8).toString('hex');
    const message = {
      id,
      threadId: id,
      historyId: ++this.historyId,
      labelIds: ['INBOX', 'UNREAD'],
      headers: { 'message-id': `<${id}@mail.example>`, ...headers, to: this.account },
      raw: '',
    };
    this.messages.push(message);
    return message;
  }

  handle(req: FakeRequest, scopes: string[]): FakeResponse | null {
    const path = req.url.pathname;
    const has = (...names: string[]) => names.some((name) => scopes.includes(scopeOf(name)));
    const denied = () =>
      googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.');
    if (path === '/oauth2/v3/userinfo') {
      return has('userinfo.email')
        ? json(200, { sub: '1001', email: this.account, email_verified: true })
        : denied();
    }
    if (path.startsWith('/gmail/v1/users/me/')) {
      const rest = path.slice('/gmail/v1/users/me/'.length);
      if (rest === 'messages/send' && req.method === 'POST') {
        return has('gmail.send', 'gmail.modify') ? this.send(req) : denied();
      }
      if (req.method !== 'GET') return null;
      if (!has('gmail.readonly', 'gmail.modify')) return denied();
      if (rest === 'profile') {
        return json(200, {
          emailAddress: this.account,
          messagesTotal: this.messages.length,
          historyId: String(this.historyId),
        });
      }
      if (rest === 'history') return this.history(req);
      if (rest === 'messages') return this.list(req);
      const get = /^messages\/([^/]+)$/.exec(rest);
      if (get) return this.get(decodeURIComponent(get[1] ?? ''));
      return null;
    }
    const sheets = /^\/v4\/spreadsheets\/([^/]+)\/values(?::batchUpdate|\/([^/]+))$/.exec(path);
    if (sheets) {
      if (!has('spreadsheets', ...(req.method === 'GET' ? ['spreadsheets.readonly'] : []))) return denied();
      const spreadsheet = this.spreadsheets.get(decodeURIComponent(sheets[1] ?? ''));
      if (!spreadsheet) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
      return this.values(req, spreadsheet, sheets[2] === undefined ? null : decodeURIComponent(sheets[2]));
    }
    return null;
  }

  private send(req: FakeRequest): FakeResponse {
    const body = parseJson(req.body);
    const raw = typeof body?.raw === 'string' ? Buffer.from(body.raw, 'base64url').toString('utf8') : '';
    const headerBlock = raw.split(/\r?\n\r?\n/)[0] ?? '';
    const headers: Record<string, string> = {};
    for (const line of headerBlock.split(/\r?\n(?![ \t])/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (!raw || !headers.to) return googleError(400, 'INVALID_ARGUMENT', 'Invalid To header');
    const id = randomBytes(8).toString('hex');
    // Gmail files a reply in its thread when threadId is given and the References/In-Reply-To match it.
    const parent = this.messages.find(
      (message) =>
        message.threadId === body?.threadId ||
        (headers['in-reply-to'] !== undefined && message.headers['message-id'] === headers['in-reply-to']),
    );
    const message = {
      id,
      threadId: parent?.threadId ?? id,
      historyId: ++this.historyId,
      labelIds: ['SENT'],
      headers,
      raw,
    };
    this.messages.push(message);
    return json(200, { id, threadId: message.threadId, labelIds: message.labelIds });
  }

  private history(req: FakeRequest): FakeResponse {
    const start = Number(req.url.searchParams.get('startHistoryId'));
    if (!Number.isInteger(start) || start <= 0) {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid startHistoryId');
    }
    const added = this.messages.filter(
      (message) => message.historyId > start && message.labelIds.includes('INBOX'),
    );
    const page = paginate(added, req, 100);
    return json(200, {
      history: page.items.map((message) => ({
        id: String(message.historyId),
        messages: [{ id: message.id, threadId: message.threadId }],
        messagesAdded: [
          { message: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } },
        ],
      })),
      historyId: String(this.historyId),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  }

  private list(req: FakeRequest): FakeResponse {
    const query = (req.url.searchParams.get('q') ?? '').toLowerCase();
    const matching = this.messages.filter((message) => matchesQuery(message, query)).reverse();
    const page = paginate(matching, req, 100);
    return json(200, {
      ...(page.items.length > 0
        ? { messages: page.items.map(({ id, threadId }) => ({ id, threadId })) }
        : {}),
      resultSizeEstimate: matching.length,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  }

  private get(id: string): FakeResponse {
    const message = this.messages.find((candidate) => candidate.id === id);
    if (!message) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    return json(200, {
      id: message.id,
      threadId: message.threadId,
      labelIds: message.labelIds,
      historyId: String(message.historyId),
      snippet: message.headers.subject ?? '',
      payload: {
        headers: Object.entries(message.headers).map(([name, value]) => ({ name: capitalize(name), value })),
      },
    });
  }

  private values(req: FakeRequest, spreadsheet: Map<string, string[][]>, range: string | null): FakeResponse {
    if (range === null) {
      if (req.method !== 'POST') return googleError(400, 'INVALID_ARGUMENT', 'Unsupported request');
      const body = parseJson(req.body);
      const data = Array.isArray(body?.data) ? (body.data as { range?: string; values?: unknown }[]) : [];
      const responses: FakeResponse['body'][] = [];
      for (const entry of data) {
        const written = writeRange(spreadsheet, entry.range ?? '', entry.values);
        if ('error' in written) return written.error;
        responses.push(written.result);
      }
      return json(200, { totalUpdatedRows: data.length, responses });
    }
    const append = range.endsWith(':append');
    const parsed = parseRange(append ? range.slice(0, -':append'.length) : range);
    const sheet = parsed && spreadsheet.get(parsed.sheet);
    if (!parsed || !sheet) return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`);
    if (req.method === 'GET') {
      const rows = sheet.slice(parsed.startRow - 1, parsed.endRow ?? undefined);
      return json(200, {
        range: `${parsed.sheet}!A${parsed.startRow}:Z${parsed.startRow + rows.length - 1}`,
        majorDimension: 'ROWS',
        ...(rows.length > 0 ? { values: rows } : {}),
      });
    }
    if (req.method === 'POST' && append) {
      if (!req.url.searchParams.get('valueInputOption')) {
        return googleError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
      }
      const values = cellsOf(parseJson(req.body)?.values);
      if (!values) return googleError(400, 'INVALID_ARGUMENT', 'Invalid values');
      const first = sheet.length + 1;
      sheet.push(...values);
      const updatedRange = `${parsed.sheet}!A${first}:${columnName(Math.max(...values.map((row) => row.length)))}${sheet.length}`;
      return json(200, {
        tableRange: `${parsed.sheet}!A1:Z${first - 1}`,
        updates: { updatedRange, updatedRows: values.length, updatedCells: values.flat().length },
      });
    }
    if (req.method === 'PUT') {
      const written = writeRange(spreadsheet, range, parseJson(req.body)?.values);
      return 'error' in written ? written.error : json(200, written.result);
    }
    return googleError(400, 'INVALID_ARGUMENT', 'Unsupported request');
  }
}

function paginate<T>(items: T[], req: FakeRequest, defaultSize: number) {
  const size = Math.min(Number(req.url.searchParams.get('maxResults') ?? defaultSize) || defaultSize, 500);
  const offset = Number(req.url.searchParams.get('pageToken') ?? 0) || 0;
  const next = offset + size;
  return { items: items.slice(offset, next), nextPageToken: next < items.length ? String(next) : undefined };
}

// The search operators the product uses: from:, subject:, is:unread, and plain words (in subject or sender).
function matchesQuery(message: GmailMessage, query: string): boolean {
  return query
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      const [operator, value] = term.includes(':') ? term.split(':', 2) : ['', term];
      const header = (name: string) => (message.headers[name] ?? '').toLowerCase();
      if (operator === 'from') return header('from').includes(value ?? '');
      if (operator === 'subject') return header('subject').includes(value ?? '');
      if (operator === 'is' && value === 'unread') return message.labelIds.includes('UNREAD');
      if (operator === 'in' && value === 'inbox') return message.labelIds.includes('INBOX');
      return header('subject').includes(term) || header('from').includes(term);
    });
}

const capitalize = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase());

export function columnName(index: number): string {
  let name = '';
  for (let rest = index; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

// A1 notation: `Sheet1`, `Sheet1!A1:D`, `'My sheet'!A2:C2`.
function parseRange(range: string): { sheet: string; startRow: number; endRow: number | null } | null {
  const match = /^(?:'((?:[^']|'')+)'|([^!]+))(?:!([A-Z]*)(\d+)?(?::([A-Z]*)(\d+)?)?)?$/.exec(range);
  if (!match) return null;
  const sheet = (match[1] ?? match[2] ?? '').replaceAll("''", "'");
  return { sheet, startRow: Number(match[4] ?? 1), endRow: match[6] ? Number(match[6]) : null };
}

function cellsOf(values: unknown): string[][] | null {
  if (!Array.isArray(values) || !values.every(Array.isArray)) return null;
  return (values as unknown[][]).map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))),
  );
}

function writeRange(
  spreadsheet: Map<string, string[][]>,
  range: string,
  values: unknown,
): { error: FakeResponse } | { result: Record<string, unknown> } {
  const parsed = parseRange(range);
  const sheet = parsed && spreadsheet.get(parsed.sheet);
  const cells = cellsOf(values);
  if (!parsed || !sheet)
    return { error: googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`) };
  if (!cells) return { error: googleError(400, 'INVALID_ARGUMENT', 'Invalid values') };
  const startColumn = columnIndex(/!([A-Z]+)/.exec(range)?.[1] ?? 'A');
  cells.forEach((row, offset) => {
    const index = parsed.startRow - 1 + offset;
    const target = sheet[index] ?? [];
    sheet[index] = target;
    row.forEach((cell, column) => {
      target[startColumn - 1 + column] = cell;
    });
  });
  return {
    result: { updatedRange: range, updatedRows: cells.length, updatedCells: cells.flat().length },
  };
}

function columnIndex(name: string): number {
  return [...name].reduce((total, letter) => total * 26 + letter.charCodeAt(0) - 64, 0);
}
