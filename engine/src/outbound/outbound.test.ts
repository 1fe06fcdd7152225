import { describe, expect, it } from 'vitest';
import { startTestReceiver } from '../triggers/testing';
import { isBlockedAddress } from './address-policy';
import { createOutboundClient, OutboundRefusedError, OutboundStatusError } from './outbound-client';

const receiver = await startTestReceiver();
const port = new URL(receiver.url).port;
const post = (url: string) => ({ method: 'POST', url, headers: {}, body: '{}' });

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:7f00:0001',
    '::ffff:169.254.169.254',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    'fe80::1',
    'fe80::1%eth0',
    'fd00:ec2::254',
    'fc00::1',
    'ff02::1',
    '::127.0.0.1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe('outbound client', () => {
  const strict = createOutboundClient({ allowedHosts: [], timeoutMs: 2_000 });

  it.each([
    `http://127.0.0.1:${port}/`,
    `http://localhost:${port}/`,
    `http://0x7f.1:${port}/`,
    `http://2130706433:${port}/`,
    `http://017700000001:${port}/`,
    `http://127.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::1]:${port}/`,
    `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
    'http://169.254.169.254/latest/meta-data/',
  ])('refuses %s before anything is sent', async (url) => {
    const before = receiver.requests.length;
    await expect(strict.request(post(url))).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(receiver.requests.length).toBe(before);
  });

  it('refuses credentials in the URL and other schemes', async () => {
    await expect(strict.request(post('ftp://example.com/'))).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(
      createOutboundClient({ allowedHosts: ['127.0.0.1'] }).request(post(`http://u:p@127.0.0.1:${port}/`)),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  const loopback = createOutboundClient({ allowedHosts: ['127.0.0.1'], timeoutMs: 500 });

  it('OUTBOUND_ALLOWED_HOSTS opens exactly the hosts it names', async () => {
    await expect(loopback.request(post(`${receiver.url}/allowed`))).resolves.toMatchObject({ status: 200 });
    expect(receiver.requests.at(-1)?.url).toBe('/allowed');
    // localhost resolves to an allowed address.
    await expect(loopback.request(post(`http://localhost:${port}/by-name`))).resolves.toMatchObject({
      status: 200,
    });
  });

  it('does not follow redirects', async () => {
    receiver.respondWith(302, { location: 'http://169.254.169.254/' });
    const before = receiver.requests.length;
    await expect(loopback.request(post(`${receiver.url}/redirect`))).rejects.toThrow(
      /redirects are not followed/,
    );
    expect(receiver.requests.length).toBe(before + 1);
    receiver.respondWith(200);
  });

  it('gives up after its timeout, and reports error statuses', async () => {
    let release = () => {};
    receiver.onRequest(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(loopback.request(post(`${receiver.url}/slow`))).rejects.toThrow(/aborted|timeout/i);
    release();
    receiver.onRequest(null);
    receiver.respondWith(500);
    await expect(loopback.request(post(`${receiver.url}/error`))).rejects.toBeInstanceOf(OutboundStatusError);
    receiver.respondWith(200);
  });
});
