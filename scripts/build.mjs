// Builds the browser bundles (client/ -> dist/client) and the server (server/ -> dist/server).
// Plain JS so it runs before anything is compiled.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist`;

export async function buildAll({ quiet = false } = {}) {
  mkdirSync(`${out}/client`, { recursive: true });
  for (const f of readdirSync(`${root}client/pages`)) cpSync(`${root}client/pages/${f}`, `${out}/client/${f}`);
  await build({
    entryPoints: { visit: `${root}client/visit/main.ts`, test: `${root}client/test-page/main.ts` },
    bundle: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    outdir: `${out}/client`,
    sourcemap: false,
    minify: false,
    logLevel: quiet ? 'error' : 'warning',
  });
  await build({
    entryPoints: { main: `${root}server/main.ts`, 'demo-cli': `${root}server/demo-cli.ts`, 'admin-cli': `${root}server/admin-cli.ts` },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: `${out}/server`,
    logLevel: quiet ? 'error' : 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
  console.log('Built dist/client and dist/server');
}
