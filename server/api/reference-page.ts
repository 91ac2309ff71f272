// The API's reference as one readable HTML page, written on the server from the OpenAPI document: no
// script, no other host (a CDN-hosted viewer would tell a third party who reads the docs).
import type { OpenAPIV3_1 } from 'openapi-types';

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const json = (v: unknown) => `<pre><code>${esc(JSON.stringify(v, null, 2))}</code></pre>`;

function operation(path: string, method: string, op: OpenAPIV3_1.OperationObject): string {
  const params = (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const body = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {}).map(([code, r]) => {
    const schema =
      (r as OpenAPIV3_1.ResponseObject).content?.['application/json']?.schema ??
      (r as OpenAPIV3_1.ResponseObject).content?.['application/problem+json']?.schema;
    return `<li><strong>${esc(code)}</strong> ${esc((r as OpenAPIV3_1.ResponseObject).description ?? '')}${schema && Number(code) < 400 ? json(schema) : ''}</li>`;
  });
  const scope = (op as { 'x-scope'?: string })['x-scope'];
  return `<section id="${esc(`${method}-${path}`)}">
<h3><code>${esc(method.toUpperCase())} ${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}${scope ? ` <em>(key scope: ${esc(scope)})</em>` : ''}</p>
${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> in ${esc(p.in)}${p.required ? ', required' : ''}: ${esc(JSON.stringify(p.schema))}</li>`).join('')}</ul>` : ''}
${body ? `<h4>Body</h4>${json(body)}` : ''}
<h4>Answers</h4><ul>${responses.join('')}</ul>
</section>`;
}

export function referencePage(doc: OpenAPIV3_1.Document, problemCodes: Record<string, string>): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (op) sections.push(operation(path, m, op));
    }
  }
  const problems = Object.entries(problemCodes)
    .map(([code, what]) => `<li id="problem-${esc(code)}"><code>${esc(code)}</code>: ${esc(what)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}: reference</title></head>
<body><main>
<h1>${esc(doc.info.title)} ${esc(doc.info.version)}</h1>
<p>${esc(doc.info.description ?? '')}</p>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Routes</h2>
${sections.join('\n')}
<h2 id="problems">Problems</h2>
<p>Every refusal is <code>application/problem+json</code> (RFC 9457) with a <code>code</code>:</p>
<ul>${problems}</ul>
</main></body></html>`;
}
