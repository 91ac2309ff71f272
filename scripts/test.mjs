// `npm test`: every test, on a fresh machine. Installs npm dependencies and the Debian packages the
// tests need (browsers, coturn, PostgreSQL, Redis, nginx, network tools) when missing, or stops with
// a message naming them.
// Never skips a suite silently: a suite that cannot run fails the whole command.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserRequirements } from './ensure-browsers.mjs';
import { ensureDebianPackages, onPath, run, runAsync } from './lib-run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const results = [];
const reports = mkdtempSync(join(tmpdir(), 'vestibule-test-reports-'));

async function stage(name, fn) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  let ok;
  try {
    ok = await fn();
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    ok = false;
  }
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 100) / 10 });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
/** Tests by name, for the summary: the last lines of a run are often all that is kept of it. */
const failedTests = [];
const retriedTests = [];

/** The first lines of a failure, colour codes stripped: enough to tell a timeout from an assertion. */
function firstLines(message) {
  if (!message) return '';
  const lines = String(message)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 4);
  return lines.map((l) => `      ${l.length > 240 ? `${l.slice(0, 240)}…` : l}`).join('\n');
}

/** Every test in a Playwright JSON report, with its project, file and titles. */
function* playwrightTests(suite, titles = []) {
  const path = suite.title && !suite.file?.endsWith(suite.title) ? [...titles, suite.title] : titles;
  for (const spec of suite.specs ?? [])
    for (const t of spec.tests ?? [])
      yield {
        status: t.status,
        name: `[${t.projectName}] ${spec.file} › ${[...path, spec.title].join(' › ')}`,
        errors: [...new Set((t.results ?? []).map((r) => firstLines(r.error?.message)).filter(Boolean))],
      };
  for (const child of suite.suites ?? []) yield* playwrightTests(child, path);
}

/** Adds a runner's JSON report to the totals; a missing report counts as a failure. */
function count(file, kind) {
  const r = readJson(file);
  if (kind === 'vitest' && r) {
    counts.passed += r.numPassedTests;
    counts.failed += r.numFailedTests;
    counts.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const m of r.testResults)
      for (const a of m.assertionResults)
        if (a.status === 'failed')
          failedTests.push(
            `${m.name.replace(`${root}`, '')} › ${a.fullName}\n${[...new Set((a.failureMessages ?? []).map(firstLines))].join('\n')}`,
          );
  } else if (kind === 'playwright' && r?.stats) {
    counts.passed += r.stats.expected + (r.stats.flaky ?? 0);
    counts.failed += r.stats.unexpected;
    counts.skipped += r.stats.skipped;
    for (const suite of r.suites ?? [])
      for (const t of playwrightTests(suite)) {
        if (t.status === 'unexpected') failedTests.push([t.name, ...t.errors].join('\n'));
        if (t.status === 'flaky') retriedTests.push(t.name);
      }
  } else {
    counts.failed += 1;
    failedTests.push(`(no report: ${file})`);
  }
}

/** Any PostgreSQL version's initdb (Debian keeps them in /usr/lib/postgresql/VERSION/bin, off PATH). */
function postgresInstalled() {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')));
}

/** On PATH or in an sbin folder a non-root PATH lacks (where test/support/processes.ts findBinary also looks). */
const inPathOrSbin = (bin) => onPath(bin) || ['/usr/local/sbin', '/usr/sbin', '/sbin'].some((dir) => existsSync(join(dir, bin)));

function vitest(name, args = []) {
  const out = join(reports, `${name}.json`);
  const retried = join(reports, `${name}-retried.txt`);
  const status = run(
    'npx',
    [
      'vitest',
      'run',
      ...args,
      '--reporter=default',
      '--reporter=json',
      '--reporter=./test/support/retried-reporter.ts',
      `--outputFile.json=${out}`,
    ],
    { env: { ...process.env, VESTIBULE_RETRIED_FILE: retried } },
  );
  count(out, 'vitest');
  if (existsSync(retried)) retriedTests.push(...readFileSync(retried, 'utf8').split('\n').filter(Boolean));
  return status === 0;
}

await stage('dependencies', async () => {
  // npm compiles better-sqlite3 on one core while apt-get mostly downloads and unpacks: side by side,
  // a fresh machine waits for the longer of the two, not both.
  const npmInstalled = existsSync('node_modules/.package-lock.json')
    ? Promise.resolve(0)
    : runAsync('npm', ['ci', '--no-audit', '--no-fund']);
  // Both finish before the stage reports, whichever fails first.
  let packagesMissing = null;
  try {
    ensureDebianPackages([
      ...browserRequirements({ firefox: true, webkit: true }),
      { bin: 'turnserver', pkg: 'coturn' },
      { bin: 'ip', pkg: 'iproute2' },
      { bin: 'tc', pkg: 'iproute2' },
      { bin: 'unshare', pkg: 'util-linux' },
      // Real servers for the store and multi-node tests (test/support/postgres.ts, redis.ts, nginx.ts).
      { check: postgresInstalled, pkg: 'postgresql' },
      { bin: 'redis-server', pkg: 'redis-server' },
      { check: () => inPathOrSbin('nginx'), pkg: 'nginx' },
    ]);
  } catch (e) {
    packagesMissing = e;
  }
  if ((await npmInstalled) !== 0) throw new Error('npm ci failed');
  if (packagesMissing) throw packagesMissing;
  return true;
});

await stage('typecheck', () => run('npx', ['tsc', '--noEmit']) === 0);

await stage('lint and format (Biome)', () => run('npx', ['biome', 'check', '.']) === 0);

await stage('unit and integration (vitest)', () => vitest('vitest'));

await stage('build', () => run('node', ['scripts/build.mjs']) === 0);

function playwright(name, args, env = {}) {
  const out = join(reports, `${name}.json`);
  const status = run(args[0], args.slice(1), { env: { ...process.env, ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  count(out, 'playwright');
  return status === 0;
}

await stage('browsers (Playwright: Chromium, Firefox ESR, cross-browser)', () =>
  playwright('browsers', ['npx', 'playwright', 'test', '--reporter=list,json']),
);

await stage('WebKit (WebKitGTK over WebDriver: pages and device checks, no calls)', () =>
  vitest('webkit', ['--config', 'vitest.webkit.config.ts']),
);

await stage('shaped networks: connection-test accuracy (500 kbit/s and 3 Mbit/s)', () => {
  const status = run('node', ['scripts/test-shaped.mjs'], { env: { ...process.env, VESTIBULE_REPORT_DIR: reports } });
  for (const pass of ['500', '3000', 'per-participant']) count(join(reports, `shaped-${pass}.json`), 'playwright');
  return status === 0;
});

const failed = results.filter((r) => !r.ok);
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
if (retriedTests.length) {
  console.log(`\npassed only when retried (${retriedTests.length}):`);
  for (const t of retriedTests) console.log(`  ${t}`);
}
if (failedTests.length) {
  console.log(`\nfailed (${failedTests.length}):`);
  for (const t of failedTests) console.log(`  ${t}`);
}
if (failed.length && counts.failed === 0) counts.failed = failed.length;
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(failed.length ? 1 : 0);
