import type { OpenApiDocument } from './openapi';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A self-contained, readable reference page (no CDN: installations may be offline). */
export function renderApiReference(document: OpenApiDocument): string {
  const sections = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const details = [
        operation.parameters ? ['Parameters', operation.parameters] : null,
        operation.requestBody ? ['Request body', operation.requestBody] : null,
        ['Responses', operation.responses],
      ].filter((entry): entry is [string, object] => entry !== null);
      return `<section>
  <h2><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
  <p>${escapeHtml(operation.summary)} <span class="policy">${escapeHtml(operation['x-policy'])}</span></p>
  ${details
    .map(
      ([title, value]) =>
        `<details><summary>${title}</summary><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></details>`,
    )
    .join('\n  ')}
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}
section{border-top:1px solid #e5e7eb;padding:.5rem 0}h2{font-size:1rem;margin:.5rem 0}
.method{display:inline-block;min-width:4.5rem;font:600 12px monospace;padding:2px 6px;border-radius:4px;background:#e5e7eb}
.get{background:#dbeafe}.post{background:#dcfce7}.patch{background:#fef9c3}.delete{background:#fee2e2}
.policy{font-size:12px;color:#6b7280;margin-left:.5rem}pre{background:#f9fafb;padding:.75rem;overflow:auto;font-size:12px}
</style></head><body>
<h1>${escapeHtml(document.info.title)}</h1><p>${escapeHtml(document.info.description)}</p>
<p><a href="/api/openapi.json">openapi.json</a></p>
${sections.join('\n')}
</body></html>`;
}
