import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** The Fetch `Request` Hocuspocus expects, built from the upgrade's URL and headers. */
export function toFetchRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  let url: URL;
  try {
    url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL('http://localhost/collab');
  }
  return new Request(url, { headers });
}

/** Answers an upgrade we will not accept with a plain HTTP status and drops the connection. */
export function refuseUpgrade(socket: Duplex, status: 403 | 404 | 503, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
