import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiServer } from './server';

describe('the API server', () => {
  const server = createApiServer((_req, res) => res.end('ok'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = async (port: number) =>
    new Promise<{ status: number | undefined; reused: boolean }>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, reused: sent.reusedSocket }));
      });
      sent.on('error', reject);
      sent.end();
    });

  it("keeps an idle connection past Node's default, so a client that reuses it is answered on it", async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await get(port)).toEqual({ status: 200, reused: false });
    // The idle time is what is tested: Node's defaults close the connection at 5 s (6 s with Node 24's buffer).
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(await get(port)).toEqual({ status: 200, reused: true });
  });
});
