import { createServer } from 'node:http';
import { startFakeProviders } from './index';

// The fakes as a process, for Playwright's webServer: FAKE_PROVIDERS_PORT for the providers; a small control
// port (FAKE_CONTROL_PORT, the providers' + 1) answers GET /state with what the fakes hold (sent mail, sheets)
// and POST /spreadsheets/:id with { sheet, rows } to lay out a sheet.

const port = Number(process.env.FAKE_PROVIDERS_PORT ?? 3599);
const fakes = await startFakeProviders({ port });
const control = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const sheet = /^\/spreadsheets\/([\w-]+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && sheet?.[1]) {
      const { sheet: title, rows } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        sheet: string;
        rows: string[][];
      };
      fakes.google.spreadsheets.set(sheet[1], new Map([[title, rows]]));
      res.writeHead(204).end();
      return;
    }
    const state = {
      gmailSent: fakes.google.sentMail,
      outlookSent: fakes.graph.sentMail,
      spreadsheets: Object.fromEntries(
        [...fakes.google.spreadsheets].map(([id, sheets]) => [id, Object.fromEntries(sheets)]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
  });
});
control.listen(Number(process.env.FAKE_CONTROL_PORT ?? port + 1), '127.0.0.1');
console.log(`fake providers on ${fakes.url}`);
