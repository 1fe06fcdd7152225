import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { bearer, createTestApp } from '../../testing/test-app';

const account = { email: 'first@example.com', name: 'First', password: 'long enough secret' };

describe('Host trust (DNS rebinding) and the first account', () => {
  it('refuses a foreign Host, even with a matching Origin, before anything happens', async () => {
    const t = await createTestApp();
    const rebound = await t
      .http()
      .post('/api/auth/setup')
      .set('Host', 'attacker.example:3000')
      .set('Origin', 'http://attacker.example:3000')
      .send(account);
    expect(rebound.status).toBe(403);
    expect(rebound.body.error.message).toMatch(/PUBLIC_URL/);
    expect(await t.prisma.user.count()).toBe(0);
    const user = await t.createUser(['admin']);
    await t.http().get('/api/auth/me').set('Host', '192.168.1.20:3000').set(bearer(user.token)).expect(403);
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'erp.localhost']) {
      await t.http().get('/api/auth/me').set('Host', host).set(bearer(user.token)).expect(200);
    }
    // Probes address the process by its IP.
    await t.http().get('/api/health').set('Host', '10.0.0.7:3000').expect(200);
  });

  it('with PUBLIC_URL, answers at its host and at loopback names only', async () => {
    const t = await createTestApp({ PUBLIC_URL: 'https://erp.example.com' });
    const user = await t.createUser(['admin']);
    const me = (host: string) => t.http().get('/api/auth/me').set('Host', host).set(bearer(user.token));
    await me('erp.example.com').expect(200);
    await me('localhost:3000').expect(200);
    const foreign = await me('erp.example.com.attacker.example').expect(403);
    expect(foreign.body.error.message).toContain('https://erp.example.com');
  });

  it('on a non-loopback listener, the first account needs the one-time code from the log', async () => {
    const log = new PassThrough();
    const lines: string[] = [];
    log.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const t = await createTestApp({ HOST: '0.0.0.0' }, { logger: pino(log) });
    expect((await t.http().get('/api/auth/setup').expect(200)).body).toEqual({
      needsSetup: true,
      needsSetupCode: true,
    });
    await expect.poll(() => lines.find((line) => line.includes('setupCode'))).toBeDefined();
    const setupCode: string = JSON.parse(lines.find((line) => line.includes('setupCode')) ?? '{}').setupCode;
    expect(setupCode).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);

    const without = await t.http().post('/api/auth/setup').send(account).expect(403);
    expect(without.body.error.details.issues[0].path).toEqual(['setupCode']);
    await t
      .http()
      .post('/api/auth/setup')
      .send({ ...account, setupCode: 'AAAA-BBBB-CCCC-DDDD' })
      .expect(403);
    expect(await t.prisma.user.count()).toBe(0);
    await t
      .http()
      .post('/api/auth/setup')
      .send({ ...account, setupCode: setupCode.toLowerCase().replaceAll('-', ' ') })
      .expect(201);
  });

  it('on loopback, asks no code', async () => {
    const t = await createTestApp();
    expect((await t.http().get('/api/auth/setup')).body).toEqual({ needsSetup: true, needsSetupCode: false });
    await t.http().post('/api/auth/setup').send(account).expect(201);
  });
});
