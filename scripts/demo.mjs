// `npm run demo [-- --json] [-- --minutes N] [-- --starts-in MIN] [-- --clients N] [-- --revoke-client]`:
// a fresh demo appointment in DATA_DIR, also while the server runs. Builds first when needed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
if (!existsSync('node_modules/.package-lock.json')) {
  // npm's own output goes to stderr so that --json keeps stdout to one line.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!existsSync('dist/server/demo-cli.js')) {
  const { buildAll } = await import('./build.mjs');
  await buildAll({ quiet: true });
}
const r = spawnSync(process.execPath, ['dist/server/demo-cli.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
