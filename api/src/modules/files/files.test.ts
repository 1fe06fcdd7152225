import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { approvalForm, edges, flowOf, node, publishLive } from '@erp/engine/testing';
import { purgeUnattachedFiles } from '@erp/prisma';
import type { TaskForm } from '@erp/shared';
import { describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../testing/test-app';

// Uploads over real HTTP against a real database: the streamed size cap, content sniffing, odd names, download
// headers, who may read a file (404 for everyone else) and the rules checked when a form attaches files.

const maxBytes = 64 * 1024;
const t: TestApp = await createTestApp({ UPLOAD_MAX_BYTES: String(maxBytes) });
const org = await t.make.org();
const requester = org.member;
const manager = org.head;
const outsider = await t.make.user(['employee'], { name: 'Olga Outsider' });
const developer = await t.make.user(['developer']);

const pdf = (text = 'hello') => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const startForm: TaskForm = {
  kind: 'taskForm',
  schemaVersion: 3,
  title: 'Expense',
  description: { type: 'doc', content: [] },
  fields: [
    {
      id: 'f1',
      order: 'a0',
      key: 'receipts',
      label: 'Receipts',
      helpText: '',
      required: true,
      type: 'file',
      validation: { allowedTypes: ['application/pdf', '.png'], maxSizeBytes: 2_000, maxFiles: 2 },
    },
  ],
};
const startFormId = await publishLive(t.prisma, t.make, developer.user, startForm);
const approveFormId = await publishLive(t.prisma, t.make, developer.user, approvalForm());
const signedFormId = await publishLive(t.prisma, t.make, developer.user, {
  ...approvalForm(),
  fields: [
    {
      ...startForm.fields[0],
      key: 'signed',
      label: 'Signed copy',
      required: false,
    } as TaskForm['fields'][number],
  ],
});
// start (no form) → the manager uploads the signed copy → end
const signingFlowId = await publishLive(
  t.prisma,
  t.make,
  developer.user,
  flowOf(
    [node.start(), node.level('sign', signedFormId, { type: 'managerOfRequester' }), node.end()],
    edges(['start>sign', 'sign>end']),
  ),
);
const flowId = await publishLive(
  t.prisma,
  t.make,
  developer.user,
  flowOf(
    [node.start(), node.level('approve', approveFormId, { type: 'managerOfRequester' }), node.end()],
    edges(['start>approve', 'approve>end']),
    [{ id: 'form', type: 'formSubmission', taskFormId: startFormId }],
  ),
);

const upload = (account: { token: string }, name: string, bytes: Buffer) =>
  t
    .http()
    .post('/api/files')
    .query({ name })
    .set(bearer(account.token))
    .set('Content-Type', 'application/octet-stream')
    .send(bytes);

async function uploaded(account: { token: string }, name: string, bytes: Buffer): Promise<string> {
  const response = await upload(account, name, bytes).expect(201);
  return response.body.id as string;
}

const startWith = (account: { token: string }, receipts: string[]) =>
  t.http().post(`/api/flows/${flowId}/instances`).set(bearer(account.token)).send({ data: { receipts } });

describe('uploading', () => {
  it('stores the bytes with the sniffed type, size and sha256; the uploader reads them back', async () => {
    const bytes = pdf('an invoice');
    const response = await upload(requester, 'Invoice.PDF', bytes).expect(201);
    expect(response.body).toMatchObject({
      name: 'Invoice.PDF',
      contentType: 'application/pdf',
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      attached: false,
    });
    const meta = await t
      .http()
      .get(`/api/files/${response.body.id}/meta`)
      .set(bearer(requester.token))
      .expect(200);
    expect(meta.body).toEqual(response.body);
    const audit = await t.prisma.auditEntry.findFirst({ where: { targetId: response.body.id } });
    expect(audit?.action).toBe('file.uploaded');
  });

  it('serves a download as an attachment that no browser renders: nosniff, a sandboxing CSP, the exact bytes', async () => {
    const bytes = pdf('download me');
    const id = await uploaded(requester, 'Café 東京 "quoted" 📄.pdf', bytes);
    const response = await t
      .http()
      .get(`/api/files/${id}`)
      .set(bearer(requester.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(response.body as Buffer, bytes)).toBe(0);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain('sandbox');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const disposition = response.headers['content-disposition'] as string;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain('filename="Caf_ __ _quoted_ _.pdf"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Café 東京 "quoted" 📄.pdf')}`);
  });

  it('refuses a body over UPLOAD_MAX_BYTES announced by Content-Length: 413 in the one error shape, nothing stored', async () => {
    const before = await t.prisma.storedFile.count();
    const response = await upload(requester, 'big.pdf', Buffer.alloc(maxBytes + 1, 0x41)).expect(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(await t.prisma.storedFile.count()).toBe(before);
  });

  it('cuts off a chunked body at the cap while it is still arriving: 413 before the sender is done, nothing stored', async () => {
    const before = await t.prisma.storedFile.count();
    const { port } = await listening();
    const chunk = Buffer.alloc(16 * 1024, 0x41);
    const outcome = await new Promise<{ status: number; body: string; sentAll: boolean }>(
      (resolve, reject) => {
        let sentAll = false;
        let answered = false;
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/files?name=endless.bin',
          headers: { ...bearer(requester.token), 'Content-Type': 'application/octet-stream' },
        });
        req.on('response', (res) => {
          answered = true;
          let body = '';
          res.on('data', (data: Buffer) => {
            body += data.toString();
          });
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body, sentAll });
            req.destroy();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          // The server closing the connection under the sender is what cutting off looks like from here.
          if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
        });
        // Up to 1,000 times the cap; the server must answer long before.
        let written = 0;
        const pump = () => {
          while (written < maxBytes * 1000 && !answered && !req.destroyed) {
            written += chunk.byteLength;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered && !req.destroyed) {
            sentAll = true;
            req.end();
          }
        };
        pump();
      },
    );
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error.code).toBe('payload_too_large');
    expect(outcome.sentAll).toBe(false);
    expect(await t.prisma.storedFile.count()).toBe(before);
  });

  it('sniffs the content: a program named .pdf is refused (415); an unknown name keeps the sniffed type', async () => {
    const refused = await upload(requester, 'invoice.pdf', windowsProgram).expect(415);
    expect(refused.body.error.message).toMatch(/not what its name says/);
    const jpegNamedPng = await upload(requester, 'photo.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]));
    expect(jpegNamedPng.status).toBe(415);
    const noExtension = await upload(requester, 'scan', png).expect(201);
    expect(noExtension.body.contentType).toBe('image/png');
    const notes = await upload(requester, 'notes.csv', Buffer.from('a,b\n1,2\n')).expect(201);
    expect(notes.body.contentType).toBe('text/csv');
    const binary = await upload(requester, 'blob.dat', Buffer.from([0, 1, 2, 0xff])).expect(201);
    expect(binary.body.contentType).toBe('application/octet-stream');
  });

  it('takes the bytes only as application/octet-stream (a JSON body is not an upload)', async () => {
    const response = await t
      .http()
      .post('/api/files')
      .query({ name: 'x.json' })
      .set(bearer(requester.token))
      .send({ a: 1 })
      .expect(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });

  it('keeps odd names harmless: no path, no control or bidi characters, at most 255 characters with the extension', async () => {
    const cases: [string, string][] = [
      ['../../etc/passwd.txt', 'passwd.txt'],
      ['C:\\Users\\me\\report.txt', 'report.txt'],
      ['inv\u202Etxt.exe\u0007.txt', 'invtxt.exe.txt'],
      ['  ..hidden.txt. ', 'hidden.txt'],
      ['../', 'file'],
      ['Отчёт 2026 ✓.txt', 'Отчёт 2026 ✓.txt'],
      [`${'a'.repeat(1000)}.txt`, `${'a'.repeat(251)}.txt`],
    ];
    for (const [raw, expected] of cases) {
      const response = await upload(requester, raw, Buffer.from('text')).expect(201);
      expect(response.body.name).toBe(expected);
    }
    // NUL cannot be stored: the name is refused, not silently changed.
    await upload(requester, 'a\u0000b.txt', Buffer.from('text')).expect(400);
  });

  it("answers 404 for another user's file, an unknown id and a malformed one; 401 without a session", async () => {
    const id = await uploaded(requester, 'mine.pdf', pdf());
    for (const path of [`/api/files/${id}`, `/api/files/${id}/meta`]) {
      const response = await t.http().get(path).set(bearer(outsider.token)).expect(404);
      expect(response.body.error.code).toBe('not_found');
    }
    await t.http().get(`/api/files/${crypto.randomUUID()}`).set(bearer(requester.token)).expect(404);
    await t.http().get('/api/files/not-a-uuid').set(bearer(requester.token)).expect(400);
    await t.http().get(`/api/files/${id}`).expect(401);
    await t.http().post('/api/files').query({ name: 'a.txt' }).send(Buffer.from('x')).expect(401);
  });
});

describe('attaching to a flow', () => {
  it("attaches the requester's files when the flow starts: the manager with the task reads them, others get 404", async () => {
    const first = await uploaded(requester, 'receipt.pdf', pdf('taxi'));
    const second = await uploaded(requester, 'photo.png', png);
    const started = await startWith(requester, [first, second]).expect(201);
    const files = await t.prisma.storedFile.findMany({ where: { id: { in: [first, second] } } });
    expect(files.map((file) => file.instanceId)).toEqual([started.body.id, started.body.id]);
    await expect
      .poll(
        () => t.prisma.task.count({ where: { instanceId: started.body.id, assigneeId: manager.user.id } }),
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    // The manager reads the request through the start form's version it was checked against (labels, not keys).
    const task = await t.prisma.task.findFirstOrThrow({ where: { instanceId: started.body.id } });
    const detail = await t.http().get(`/api/portal/tasks/${task.id}`).set(bearer(manager.token)).expect(200);
    expect(detail.body.earlier[0]).toMatchObject({
      name: 'The request',
      data: { receipts: [first, second] },
    });
    expect(detail.body.earlier[0].form.fields.map((field: { label: string }) => field.label)).toEqual([
      'Receipts',
    ]);
    // So does the requester in the instance's view.
    const view = await t
      .http()
      .get(`/api/instances/${started.body.id}`)
      .set(bearer(requester.token))
      .expect(200);
    expect(view.body.submissions).toEqual([detail.body.earlier[0]]);
    const meta = await t.http().get(`/api/files/${first}/meta`).set(bearer(manager.token)).expect(200);
    expect(meta.body).toMatchObject({ name: 'receipt.pdf', attached: true });
    await t.http().get(`/api/files/${first}`).set(bearer(manager.token)).expect(200);
    await t.http().get(`/api/files/${first}`).set(bearer(outsider.token)).expect(404);
    // Attached once, a file belongs to that instance: it cannot be named by another one.
    const again = await startWith(requester, [first]).expect(422);
    expect(again.body.error.details.fields).toHaveProperty('receipts');
  });

  it("refuses someone else's upload, a wrong type, a file too large and too many files: 422 naming the field, nothing started or attached", async () => {
    const before = await t.prisma.flowInstance.count();
    const theirs = await uploaded(outsider, 'theirs.pdf', pdf());
    const text = await uploaded(requester, 'notes.txt', Buffer.from('plain'));
    const large = await uploaded(requester, 'large.pdf', pdf('x'.repeat(3_000)));
    const mine = await Promise.all([1, 2, 3].map((n) => uploaded(requester, `r${n}.pdf`, pdf(String(n)))));
    const cases: [string[], RegExp][] = [
      [[theirs], /missing or was not uploaded by you/],
      [[crypto.randomUUID()], /missing or was not uploaded by you/],
      [[text], /not one of the allowed types/],
      [[large], /larger than 2 KB/],
      [mine, /.+/],
    ];
    for (const [receipts, message] of cases) {
      const response = await startWith(requester, receipts).expect(422);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.fields.receipts).toMatch(message);
    }
    expect(await t.prisma.flowInstance.count()).toBe(before);
    expect(
      await t.prisma.storedFile.count({
        where: { attachedAt: { not: null }, id: { in: [theirs, text, large, ...mine] } },
      }),
    ).toBe(0);
  });
});

describe('attaching from a task', () => {
  it('a draft attaches the holder’s upload to the instance (the requester reads it); completing keeps it', async () => {
    const started = await t
      .http()
      .post(`/api/flows/${signingFlowId}/instances`)
      .set(bearer(requester.token))
      .send({ data: {} })
      .expect(201);
    let taskId: string | undefined;
    await expect
      .poll(
        async () => {
          const task = await t.prisma.task.findFirst({
            where: { instanceId: started.body.id, assigneeId: manager.user.id },
          });
          taskId = task?.id;
          return taskId;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    const signed = await uploaded(manager, 'signed.pdf', pdf('signed'));
    const theirs = await uploaded(requester, 'not-yours.pdf', pdf('requester'));
    const refused = await t
      .http()
      .put(`/api/portal/tasks/${taskId}/draft`)
      .set(bearer(manager.token))
      .send({ data: { signed: [theirs] } })
      .expect(422);
    expect(refused.body.error.details.fields.signed).toMatch(/not uploaded by you/);

    const draft = await t
      .http()
      .put(`/api/portal/tasks/${taskId}/draft`)
      .set(bearer(manager.token))
      .send({ data: { signed: [signed] } })
      .expect(200);
    expect(draft.body.files.map((file: { id: string }) => file.id)).toEqual([signed]);
    await t.http().get(`/api/files/${signed}/meta`).set(bearer(requester.token)).expect(200);
    await t.http().get(`/api/files/${signed}/meta`).set(bearer(outsider.token)).expect(404);

    await t
      .http()
      .post(`/api/portal/tasks/${taskId}/complete`)
      .set(bearer(manager.token))
      .send({ data: { signed: [signed] } })
      .expect(204);
    const view = await t
      .http()
      .get(`/api/instances/${started.body.id}`)
      .set(bearer(requester.token))
      .expect(200);
    expect(view.body.files).toEqual([
      expect.objectContaining({ id: signed, name: 'signed.pdf', attached: true }),
    ]);
  });
});

describe('purging', () => {
  it('deletes unattached uploads older than the cutoff, with their bytes; attached ones stay', async () => {
    const abandoned = await uploaded(requester, 'abandoned.pdf', pdf());
    const kept = await uploaded(requester, 'kept.pdf', pdf('kept'));
    await startWith(requester, [kept]).expect(201);
    const purged = await purgeUnattachedFiles(t.prisma, new Date(Date.now() + 60_000));
    expect(purged).toBeGreaterThan(0);
    expect(await t.prisma.storedFile.findUnique({ where: { id: abandoned } })).toBeNull();
    expect(await t.prisma.fileContent.findUnique({ where: { fileId: abandoned } })).toBeNull();
    expect(await t.prisma.storedFile.findUnique({ where: { id: kept } })).not.toBeNull();
  });
});

async function listening(): Promise<AddressInfo> {
  const { collabUrl } = await t.listen();
  return { port: Number(new URL(collabUrl).port), address: '127.0.0.1', family: 'IPv4' };
}
