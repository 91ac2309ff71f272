// The prose that operators and client authors read is kept current with the code: every setting the
// server reads has a row in the README's settings table, and every frame and error code of the
// protocol appears in docs/protocol.md.
import { readFileSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ClientMessage, ErrorCode, ServerMessage } from '../../shared/protocol.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The names config.ts reads from the environment: `env.NAME`, or a helper called as `(env, 'NAME'`. */
function settingsReadByConfig(): string[] {
  const source = read('server/config.ts');
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)) names.add((m[1] ?? m[2]) as string);
  return [...names].sort();
}

/** The variables the README's settings table has a row for. */
function settingsInReadme(): string[] {
  return [...read('README.md').matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1] as string);
}

const literals = (union: { anyOf: TSchema[] }) => union.anyOf.map((s) => s.const as string);
const frameTypes = (union: { anyOf: TSchema[] }) => union.anyOf.map((s) => s.properties.type.const as string);

describe('README settings table', () => {
  it('finds the settings config.ts reads (the scan itself works)', () => {
    const read = settingsReadByConfig();
    expect(read.length).toBeGreaterThan(30);
    expect(read).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'REDIS_URL', 'PROVIDER_MEDIA_START', 'LOG_CLIENT_ADDRESSES']));
  });

  it('has a row for every setting config.ts reads', () => {
    const documented = new Set(settingsInReadme());
    expect(settingsReadByConfig().filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no setting the server does not read', () => {
    const server = ['server/config.ts', 'server/main.ts', 'server/secrets.ts'].map(read).join('\n');
    expect(settingsInReadme().filter((name) => !new RegExp(`\\b${name}\\b`).test(server))).toEqual([]);
  });
});

describe('docs/protocol.md', () => {
  const doc = read('docs/protocol.md');

  it('shows every frame type, in both directions, as it is written on the wire', () => {
    const types = [...new Set([...frameTypes(ClientMessage), ...frameTypes(ServerMessage)])];
    expect(types).toEqual(expect.arrayContaining(['hello', 'welcome', 'signal', 'ping', 'pong']));
    expect(types.filter((t) => !doc.includes(`"type":"${t}"`))).toEqual([]);
  });

  it('names every error code', () => {
    const codes = literals(ErrorCode);
    expect(codes).toEqual(expect.arrayContaining(['bad_frame', 'hello_required', 'internal']));
    // link_* codes are explained together under "Joining".
    expect(codes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });
});
