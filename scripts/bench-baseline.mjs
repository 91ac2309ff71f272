// An earlier commit of Vestibule, built beside this checkout for a benchmark to run in the same session
// as this one (BENCH_BASELINE for `npm run bench`, BENCH_SIGNALING_BASELINE for `npm run bench:signaling`):
// the machine's moods then hit both alike. The commit's tree comes from `git archive` into
// dist/bench/baseline-<commit>/ and is built by its own build script, with this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds `ref` once (later calls reuse the folder); `extra(dir)` adds what one benchmark needs besides. */
export async function buildBaseline(ref, extra = async () => {}) {
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
  }
  await extra(dir);
  return { dir, label: git('rev-parse', '--short', commit) };
}
