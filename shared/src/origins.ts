type Headers = Record<string, string | string[] | undefined>;

/**
 * Whether a browser marks a request as coming from our own site: PUBLIC_URL's origin when it is set,
 * otherwise the host the request was addressed to. A request without `Origin` and `Sec-Fetch-Site` is not
 * a browser's (no ambient cookies to abuse): it passes here and must authenticate with its token.
 * The API applies this to mutating requests (CSRF) and the collab server to WebSocket upgrades.
 */
export function isSameSiteRequest(headers: Headers, publicUrl: string | undefined): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (publicUrl) return origin === new URL(publicUrl).origin;
  const host = headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
