// `npm run bench:signaling`: the real Vestibule server against a bare `ws` relay, through the same
// signaling exchange at 100, 1,000 and 5,000 visits at once and 5,000 paced over 10 s (see
// scripts/bench/signaling/main.ts). Builds the server, bundles the benchmark, the seeding script and
// the bare relay with esbuild into dist/bench/, and runs the benchmark.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const { buildAll } = await import('./build.mjs');
await buildAll({ quiet: true });
// Inside the project, so the bundles' imports resolve from node_modules.
await build({
  entryPoints: {
    signaling: `${root}scripts/bench/signaling/main.ts`,
    'bare-relay': `${root}scripts/bench/signaling/bare-relay.ts`,
    'seed-vestibule': `${root}scripts/bench/seed-vestibule.ts`,
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir: `${root}dist/bench`,
  outExtension: { '.js': '.mjs' },
  logLevel: 'error',
});
await import(pathToFileURL(`${root}dist/bench/signaling.mjs`).href);
