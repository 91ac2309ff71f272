// `npm run bench`: measures, in one run and side by side, how long a visit takes to connect by
// route (direct, relayed over UDP, relayed over TCP) and how long the connection test takes.
// BENCH_BASELINE=<commit> also builds that commit (scripts/bench-baseline.mjs) and times its direct
// route in the same runs, interleaved; BENCH_CALL_ONLY=1 times the direct route alone;
// BENCH_LONG_TASKS=1 prints each run's long tasks (main thread busy 50 ms or more) in both pages.
// Bundles scripts/bench/*.ts with esbuild (so it can reuse the test support code) and runs it.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const { buildAll } = await import('./build.mjs');
await buildAll({ quiet: true });
if (process.env.BENCH_BASELINE?.trim()) {
  const { buildBaseline } = await import('./bench-baseline.mjs');
  const built = await buildBaseline(process.env.BENCH_BASELINE.trim());
  process.env.BENCH_BASELINE_DIR = built.dir;
  process.env.BENCH_BASELINE_LABEL = built.label;
}
// Inside the project, so the bundle's imports resolve from node_modules.
const out = `${root}dist/bench/bench.mjs`;
await build({
  entryPoints: [`${root}scripts/bench/main.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'error',
});
await import(pathToFileURL(out).href);
