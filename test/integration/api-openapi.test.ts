// The OpenAPI document: valid OpenAPI 3.1 by an independent validator, every route in it, and every
// route's real answers (successes and problems) matching the schema the document gives for them.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiPractice, apiKey, apiPractice, booked, routes, withKey } from '../support/api.js';

let open: ApiPractice[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The document's path template a concrete URL answers to: /api/v1/clients/{id} for /api/v1/clients/abc. */
function templateOf(paths: string[], url: string): string {
  const path = url.split('?')[0]!;
  const found = paths.find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  if (!found) throw new Error(`no path in the document answers ${path}`);
  return found;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes every route with its key requirement', async () => {
    const t = await apiPractice();
    open.push(t);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const ops = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(([p, item]) =>
      Object.entries(item).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, security: op.security })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(15);
    for (const op of ops) expect(op.security, op.route).toEqual([{ apiKey: [] }]);
  });

  it('every route answers as the document says, for successes and for problems', async () => {
    const t = await apiPractice();
    open.push(t);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)));
    ajv.addSchema({ ...doc, $id: 'openapi' });
    const paths = Object.keys(doc.paths);
    const key = await apiKey(t.app, 'read-write');
    const call = withKey(t.app, key.secret);
    const appt = await booked(t, key.secret);
    const spare = (
      await call('POST', '/clients', { name: 'Spare', timeZone: 'UTC', language: 'en', therapistId: t.therapist.staffId })
    ).json().client;
    const table = [...routes(t, appt), { method: 'DELETE' as const, url: `/clients/${spare.id}`, ok: 204 }];
    const exercised = new Set<string>();
    const check = (method: string, url: string, status: number, body: string, contentType: unknown) => {
      const path = templateOf(paths, `/api/v1${url}`);
      exercised.add(`${method} ${path}`);
      const responses = doc.paths[path][method.toLowerCase()].responses;
      expect(responses[status], `${method} ${url} answered ${status}, which the document does not list`).toBeDefined();
      if (status === 204) return expect(body).toBe('');
      const media = status >= 400 ? 'application/problem+json' : 'application/json';
      expect(String(contentType)).toContain(media);
      const schemaAt = `openapi#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content')}`;
      const content = responses[status].content;
      const type = Object.keys(content)[0]!;
      const validate = ajv.compile({ $ref: `${schemaAt}/${pointer(type)}/schema` });
      const ok = validate(JSON.parse(body));
      expect(validate.errors ?? [], `${method} ${url} ${status}`).toEqual([]);
      expect(ok).toBe(true);
    };
    for (const r of table) {
      const res = await call(r.method, r.url, 'body' in r ? r.body : undefined);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(r.ok);
      check(r.method, r.url, res.statusCode, res.body, res.headers['content-type']);
    }
    // Problems match the Problem schema the document gives for them.
    const missing = await call('GET', '/clients/nobody');
    check('GET', '/clients/nobody', 404, missing.body, missing.headers['content-type']);
    const invalid = await call('POST', '/clients', { name: 'A' });
    check('POST', '/clients', 400, invalid.body, invalid.headers['content-type']);
    const documented = paths.flatMap((p) => Object.keys(doc.paths[p]).map((m) => `${m.toUpperCase()} ${p}`));
    expect([...exercised].sort()).toEqual(documented.sort());
  });

  it('has a readable reference page that loads nothing from another host', async () => {
    const t = await apiPractice();
    open.push(t);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/reference' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('POST /api/v1/appointments');
    expect(res.body).toContain('id="problem-invalid_request"');
    expect(res.body).not.toMatch(/<script|<link|https?:\/\/(?!localhost)/);
  });
});
