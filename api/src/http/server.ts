import { createServer, type RequestListener, type Server } from 'node:http';

// Node closes an idle keep-alive connection after 5 s (6 s in Node 24). A client that sends on it at that moment
// gets a reset, and a POST (a publish, a completion) is not retried the way a GET is: the user sees a failure for a
// request the server never read (it broke a Playwright run's publish). Idle connections are kept longer than
// clients and proxies usually keep theirs (60 s is the common proxy default), so it is the client that closes them.
const keepAliveMs = 65_000;

/** The HTTP server the API (and, under `npm start`, the collab server's upgrades) is served from. */
export function createApiServer(app: RequestListener): Server {
  const server = createServer(app);
  server.keepAliveTimeout = keepAliveMs;
  // Must outlast the keep-alive wait, or a request on a connection kept that long would be cut at its headers.
  server.headersTimeout = keepAliveMs + 1_000;
  return server;
}
