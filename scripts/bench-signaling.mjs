// `npm run bench:signaling`: the real Vestibule server against a bare `ws` relay, through the same
// signaling exchange at 100, 1,000 and 5,000 visits at once and 5,000 paced over 10 s (see
// scripts/bench/signaling/main.ts). Builds the server, bundles the benchmark, the seeding script and
// the bare relay with esbuild into dist/bench/, and runs the benchmark.
// BENCH_SIGNALING_BASELINE=<commit> also builds that commit (from `git archive`, into dist/bench/) and
// runs it as one more row, so a change is compared with what came before in one run.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBaseline } from './bench-baseline.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const { buildAll } = await import('./build.mjs');
await buildAll({ quiet: true });

/** Bundles for Node with esbuild; inside a project, so their imports resolve from its node_modules. */
const bundle = (entryPoints, outdir) =>
  build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });

await bundle(
  {
    signaling: `${root}scripts/bench/signaling/main.ts`,
    'bare-relay': `${root}scripts/bench/signaling/bare-relay.ts`,
    'peerjs-server': `${root}scripts/bench/signaling/peerjs-server.ts`,
    'seed-vestibule': `${root}scripts/bench/seed-vestibule.ts`,
  },
  `${root}dist/bench`,
);

const baseline = process.env.BENCH_SIGNALING_BASELINE?.trim();
if (baseline) {
  const built = await buildBaseline(baseline, async (dir) => {
    if (!existsSync(`${dir}dist/bench/seed-vestibule.mjs`))
      await bundle({ 'seed-vestibule': `${dir}scripts/bench/seed-vestibule.ts` }, `${dir}dist/bench`);
  });
  process.env.BENCH_SIGNALING_BASELINE_DIR = built.dir;
  process.env.BENCH_SIGNALING_BASELINE_LABEL = built.label;
}
await import(pathToFileURL(`${root}dist/bench/signaling.mjs`).href);
