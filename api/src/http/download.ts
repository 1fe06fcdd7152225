import type { Response } from 'express';

// Stored bytes (an uploaded file, an outbox mail's attachment) sent as a download that runs nothing in our
// origin, whatever they hold.

/** RFC 6266 / 5987: an ASCII fallback for old clients and the exact name, percent-encoded as UTF-8. */
function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/gu, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16)}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function sendDownload(
  res: Response,
  file: { name: string; contentType: string; bytes: Uint8Array; etag?: string },
): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader('Content-Disposition', contentDisposition(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Even opened directly, the bytes run nothing and reach nothing in our origin.
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  if (file.etag) res.setHeader('ETag', `"${file.etag}"`);
  res.end(Buffer.from(file.bytes));
}
