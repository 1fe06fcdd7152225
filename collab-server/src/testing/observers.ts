import type { HocuspocusProvider } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import type { RunningServer } from './collab-test-kit';

// Observers of what a client was told, and clients that behave as no provider would.

/** Collects the reasons a provider was refused. */
export function refusalsOf(provider: HocuspocusProvider): string[] {
  const reasons: string[] = [];
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => reasons.push(reason));
  return reasons;
}

/** Collects the close codes a provider's socket saw. */
export function closeCodesOf(provider: HocuspocusProvider): number[] {
  const codes: number[] = [];
  provider.on('close', ({ event }: { event: { code: number } }) => codes.push(event.code));
  return codes;
}

/** A bare WebSocket speaking the Hocuspocus protocol by hand. */
export async function openRawSocket(server: RunningServer) {
  const ws = new WebSocket(server.url);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

/** The HTTP status of a WebSocket handshake with these headers (101 when accepted). */
export function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}
