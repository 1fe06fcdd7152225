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

// Names only this machine can answer to: DNS rebinding cannot point them at another site's page.
const loopbackHostname = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackHostname(hostname: string): boolean {
  return loopbackHostname.test(hostname);
}

/**
 * Whether a request's `Host` names this server: PUBLIC_URL's host when it is set, or a loopback name. Anything
 * else is a foreign name resolved to us (DNS rebinding) or an address on the network nobody configured.
 */
export function isAllowedHost(host: string | undefined, publicUrl: string | undefined): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (isLoopbackHostname(hostname)) return true;
  return publicUrl !== undefined && hostname === new URL(publicUrl).hostname;
}
