/**
 * GET /openapi.json (OpenAPI 3.1, generated from the zod schemas the routes validate with) and GET /docs, a plain
 * HTML rendering of that document: no CDN, no script, readable in any browser.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './context';

type Doc = ReturnType<OpenAPIHono<ApiEnv>['getOpenAPI31Document']>;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const ERROR_NOTE = `Every error has the same shape:
{ "error": { "code": "validation_error", "message": "...", "request_id": "...", "details": [{ "path": "query.limit", "message": "..." }] } }
The request id is also sent as X-Request-Id. Admin routes need Authorization: Bearer &lt;ADMIN_API_KEY&gt; (or X-API-Key).
Every read endpoint takes as_of (ISO date or date-time, UTC when no offset) and answers with only what was known at that instant.`;

function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  if (schema.enum) return (schema.enum as unknown[]).join(' | ');
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return schema.format ? `${t} (${schema.format})` : t;
}

export function renderDocs(doc: Doc): string {
  const ops: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      const params = ((op.parameters as Record<string, unknown>[] | undefined) ?? [])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${esc(typeOf(p.schema as Record<string, unknown>))}</td><td>${esc((p.schema as Record<string, unknown>)?.description ?? p.description)}</td></tr>`)
        .join('');
      const responses = Object.entries((op.responses as Record<string, { description?: string }>) ?? {})
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`)
        .join('');
      ops.push(`<section id="${esc(method + path)}"><h3><span class="m">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>notes</th></tr>${params}</table>` : ''}
${op.requestBody ? '<p>Body: JSON (see the schema in <a href="/openapi.json">openapi.json</a>).</p>' : ''}<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:1rem;white-space:pre-wrap}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{background:#222;color:#fff;padding:0 .4rem;border-radius:3px;font-size:.8em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}.d{color:#444}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p><pre>${ERROR_NOTE}</pre>${ops.join('\n')}</body></html>`;
}

export function registerDocs(app: OpenAPIHono<ApiEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'AdminKey', { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' });
  const config = (version: string) => ({
    openapi: '3.1.0',
    info: {
      title: 'TransferLens API',
      version,
      description: 'Calibrated probabilities of football transfers, the confirmed-transfer ledger and the model track record.',
    },
  });
  app.doc31('/openapi.json', (c) => config(c.var.config.API_VERSION));
  let html: string | undefined;
  app.get('/docs', (c) => {
    html ??= renderDocs(app.getOpenAPI31Document(config(c.var.config.API_VERSION)));
    return c.html(html);
  });
}
