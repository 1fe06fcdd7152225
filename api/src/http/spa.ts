import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, Router } from 'express';

/** Where `npm run build` puts the client. */
export const clientDistDir = fileURLToPath(new URL('../../../client/dist', import.meta.url));

/** Serves the built client: hashed assets cached for a year, every other GET gets index.html (client routing). */
export function serveSpa(distDir: string): RequestHandler {
  const indexHtml = path.join(distDir, 'index.html');
  if (!existsSync(indexHtml))
    throw new Error(`The client is not built (${indexHtml} is missing): run npm run build.`);
  const router = Router();
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|api$|collab|metrics).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}
