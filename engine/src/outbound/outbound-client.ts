import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isBlockedAddress } from './address-policy';

/** Outgoing HTTP refused by policy (an internal target, a redirect): never worth a retry. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

/** The receiver answered with an error status (its body, capped, for callers that read error details). */
export class OutboundStatusError extends Error {
  override name = 'OutboundStatusError';
  constructor(
    readonly status: number,
    readonly response: OutboundResponse = { status, body: '', headers: {} },
  ) {
    super(`The receiver answered ${status}.`);
  }
  /** Timeouts, throttling and server errors may pass; other client errors will not. */
  get isRetryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface OutboundOptions {
  /** Hosts or IPs that may be reached although internal (OUTBOUND_ALLOWED_HOSTS; tests: 127.0.0.1). */
  allowedHosts: readonly string[];
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface OutboundResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface OutboundClient {
  request(request: OutboundRequest): Promise<OutboundResponse>;
}

const normalizeHost = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

/**
 * The one way the engine calls out over HTTP. The address is checked where the connection is made (a custom
 * DNS `lookup`, so a name that resolves inside — or re-resolves there later — is refused), IP literals in any
 * spelling before that; redirects are never followed; every request has a timeout and a response size cap.
 */
export function createOutboundClient(options: OutboundOptions): OutboundClient {
  const allowed = new Set(options.allowedHosts.map(normalizeHost));
  const isAllowed = (address: string) => allowed.has(normalizeHost(address)) || !isBlockedAddress(address);

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => !isAllowed(entry.address));
      if (refused || addresses.length === 0) {
        return callback(
          new OutboundRefusedError(`${hostname} resolves to an internal address: refused.`),
          '',
          0,
        );
      }
      if (lookupOptions.all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };

  return {
    request: (request) =>
      new Promise((resolve, reject) => {
        const url = new URL(request.url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          return reject(new OutboundRefusedError('Only http and https URLs may be called.'));
        }
        if (url.username || url.password) {
          return reject(new OutboundRefusedError('Credentials in the URL are not sent; use a header.'));
        }
        const host = normalizeHost(url.hostname);
        if (isIP(host) && !allowed.has(host) && isBlockedAddress(host)) {
          return reject(new OutboundRefusedError(`${host} is an internal address: refused.`));
        }
        const transport = url.protocol === 'https:' ? https : http;
        const outgoing = transport.request(url, {
          method: request.method,
          headers: request.headers,
          // An allowed name is trusted as named, whatever it resolves to.
          lookup: allowed.has(host) ? undefined : lookup,
          agent: false,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        outgoing.on('error', reject);
        outgoing.on('response', (response) => {
          const status = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let size = 0;
          const cap = options.maxResponseBytes ?? 65_536;
          response.on('data', (chunk: Buffer) => {
            if (size < cap) chunks.push(chunk.subarray(0, cap - size));
            size += chunk.length;
          });
          response.on('error', reject);
          response.on('end', () => {
            if (status >= 300 && status < 400) {
              return reject(
                new OutboundRefusedError(`The receiver redirected (${status}); redirects are not followed.`),
              );
            }
            const answer = {
              status,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, value]) => [name, String(value)]),
              ),
            };
            if (status >= 400) return reject(new OutboundStatusError(status, answer));
            resolve(answer);
          });
        });
        outgoing.end(request.body ?? undefined);
      }),
  };
}
