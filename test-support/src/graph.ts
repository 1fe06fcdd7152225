import { randomBytes } from 'node:crypto';
import { type FakeRequest, type FakeResponse, json, parseJson } from './http';

// Microsoft Graph v1.0 as it answers: /me, sendMail (202, no body) and the delta query of a mail folder
// (@odata.nextLink pages, then an @odata.deltaLink whose token returns only what changed since). Errors are
// { error: { code, message } }.

export const graphError = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  json(
    status,
    { error: { code, message, innerError: { 'request-id': randomBytes(8).toString('hex') } } },
    headers,
  );

interface GraphMessage {
  id: string;
  seq: number;
  folder: string;
  subject: string;
  from: string;
  to: string[];
  body: string;
  headers: Record<string, string>;
  receivedDateTime: string;
}

export class FakeGraph {
  readonly messages: GraphMessage[] = [];
  private seq = 0;

  constructor(private readonly account: string) {}

  get sentMail(): GraphMessage[] {
    return this.messages.filter((message) => message.folder === 'sentitems');
  }

  /** A message arrives in a folder (`inbox` by default). */
  receive(message: { from: string; subject: string; body?: string }, folder = 'inbox'): GraphMessage {
    return this.store({ ...message, to: [this.account], body: message.body ?? '', headers: {} }, folder);
  }

  handle(req: FakeRequest, scopes: string[]): FakeResponse | null {
    const path = req.url.pathname;
    const has = (scope: string) => scopes.some((granted) => granted.toLowerCase() === scope.toLowerCase());
    const denied = () =>
      graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (path === '/v1.0/me' && req.method === 'GET') {
      return has('User.Read')
        ? json(200, {
            id: '1001',
            displayName: 'Fake User',
            mail: this.account,
            userPrincipalName: this.account,
          })
        : denied();
    }
    if (path === '/v1.0/me/sendMail' && req.method === 'POST') {
      return has('Mail.Send') ? this.sendMail(req) : denied();
    }
    const delta = /^\/v1\.0\/me\/mailFolders\/([^/]+)\/messages\/delta$/.exec(path);
    if (delta && req.method === 'GET') {
      return has('Mail.Read') ? this.delta(req, decodeURIComponent(delta[1] ?? '').toLowerCase()) : denied();
    }
    return null;
  }

  private store(message: Omit<GraphMessage, 'id' | 'seq' | 'folder' | 'receivedDateTime'>, folder: string) {
    const stored = {
      ...message,
      id: `AAMk${randomBytes(12).toString('base64url')}`,
      seq: ++this.seq,
      folder,
      receivedDateTime: new Date().toISOString(),
    };
    this.messages.push(stored);
    return stored;
  }

  private sendMail(req: FakeRequest): FakeResponse {
    const message = parseJson(req.body)?.message as Record<string, unknown> | undefined;
    const recipients = Array.isArray(message?.toRecipients)
      ? (message.toRecipients as { emailAddress?: { address?: string } }[]).map(
          (r) => r.emailAddress?.address ?? '',
        )
      : [];
    if (!message || recipients.length === 0 || recipients.some((address) => !address.includes('@'))) {
      return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
    }
    const headers = Array.isArray(message.internetMessageHeaders)
      ? (message.internetMessageHeaders as { name: string; value: string }[])
      : [];
    if (headers.some((header) => !/^x-/i.test(header.name))) {
      return graphError(
        400,
        'InvalidInternetMessageHeader',
        'The internet message header name should start with x- or X-.',
      );
    }
    const body = message.body as { content?: string } | undefined;
    this.store(
      {
        subject: String(message.subject ?? ''),
        from: this.account,
        to: recipients,
        body: body?.content ?? '',
        headers: Object.fromEntries(headers.map((header) => [header.name.toLowerCase(), header.value])),
      },
      'sentitems',
    );
    return { status: 202 };
  }

  // Tokens are opaque to the client: here a page's offset (skiptoken) or the last sequence seen (deltatoken).
  private delta(req: FakeRequest, folder: string): FakeResponse {
    const skip = req.url.searchParams.get('$skiptoken');
    const since = Number(req.url.searchParams.get('$deltatoken') ?? 0);
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const [after, offset] = skip ? skip.split('.').map(Number) : [since, 0];
    const changed = this.messages.filter(
      (message) => message.folder === folder && message.seq > (after ?? 0),
    );
    const page = changed.slice(offset ?? 0, (offset ?? 0) + pageSize);
    const base = `${req.url.origin}${req.url.pathname}`;
    const link =
      (offset ?? 0) + pageSize < changed.length
        ? { '@odata.nextLink': `${base}?$skiptoken=${after}.${(offset ?? 0) + pageSize}` }
        : { '@odata.deltaLink': `${base}?$deltatoken=${this.seq}` };
    return json(200, {
      '@odata.context': `${req.url.origin}/v1.0/$metadata#Collection(message)`,
      value: page.map((message) => ({
        id: message.id,
        subject: message.subject,
        receivedDateTime: message.receivedDateTime,
        bodyPreview: message.body.slice(0, 255),
        from: { emailAddress: { address: message.from, name: message.from } },
      })),
      ...link,
    });
  }
}
