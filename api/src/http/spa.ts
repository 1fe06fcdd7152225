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
  const assetsDir = path.join(distDir, 'assets');
  router.use('/assets', servePrecompressed(assetsDir));
  router.use('/assets', express.static(assetsDir, { immutable: true, maxAge: '365d' }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|api$|collab|metrics).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}

const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends the `.br` / `.gz` file the client build wrote beside an asset when the browser accepts it (with the
 * asset's own content type); express.static then serves the chosen file, guarding the path as usual.
 */
function servePrecompressed(dir: string): RequestHandler {
  return (req, res, next) => {
    res.vary('Accept-Encoding');
    const file = toFilePath(dir, req.path);
    if (!file) return next();
    const encoding = encodings.find(
      (candidate) =>
        req.acceptsEncodings(candidate.name) === candidate.name && existsSync(file + candidate.suffix),
    );
    if (!encoding) return next();
    res.type(path.extname(file));
    res.setHeader('Content-Encoding', encoding.name);
    req.url = `${req.url.split('?')[0]}${encoding.suffix}`;
    next();
  };
}

/** The file under `dir` a URL path names, or null for anything malformed or outside it. */
function toFilePath(dir: string, urlPath: string): string | null {
  try {
    const file = path.join(dir, path.normalize(decodeURIComponent(urlPath)));
    return file.startsWith(dir + path.sep) ? file : null;
  } catch {
    return null;
  }
}
