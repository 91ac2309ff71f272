// `npm run bench:signaling`: the real Vestibule server against a bare `ws` relay, through the same
// signaling exchange at 100, 1,000 and 5,000 visits at once and 5,000 paced over 10 s (see
// scripts/bench/signaling/main.ts). Builds the server, bundles the benchmark, the seeding script and
// the bare relay with esbuild into dist/bench/, and runs the benchmark.
// BENCH_SIGNALING_BASELINE=<commit> also builds that commit (from `git archive`, into dist/bench/) and
// runs it as one more row, so a change is compared with what came before in one run.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
    'seed-vestibule': `${root}scripts/bench/seed-vestibule.ts`,
  },
  `${root}dist/bench`,
);

/** The commit's tree, built as it would build itself, with this checkout's node_modules. */
async function buildBaseline(ref) {
  const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  const dir = `${root}dist/bench/baseline-${commit.slice(0, 12)}/`;
  if (!existsSync(`${dir}dist/server/main.js`)) {
    console.error(`Building the baseline ${commit.slice(0, 12)} in ${dir} …`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('bash', ['-c', 'git -C "$1" archive "$2" | tar -x -C "$3"', 'archive', root, commit, dir]);
    symlinkSync(`${root}node_modules`, `${dir}node_modules`);
    const theirs = await import(pathToFileURL(`${dir}scripts/build.mjs`).href);
    const here = process.cwd();
    process.chdir(dir);
    try {
      await theirs.buildAll({ quiet: true });
    } finally {
      process.chdir(here);
    }
    await bundle({ 'seed-vestibule': `${dir}scripts/bench/seed-vestibule.ts` }, `${dir}dist/bench`);
  }
  process.env.BENCH_SIGNALING_BASELINE_DIR = dir;
  process.env.BENCH_SIGNALING_BASELINE_LABEL = git('rev-parse', '--short', commit);
}

const baseline = process.env.BENCH_SIGNALING_BASELINE?.trim();
if (baseline) await buildBaseline(baseline);
await import(pathToFileURL(`${root}dist/bench/signaling.mjs`).href);
