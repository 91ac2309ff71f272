// Runs the shaped-link tests (test/browser/shaped, playwright.shaped.config.ts), each pass inside a
// fresh network namespace whose only interface is loopback. The bandwidth accuracy tests run once per
// link rate, loopback shaped as a whole with a token bucket; the audio-first test runs on an unshaped
// loopback and shapes one participant's uplink itself, changing its rate during the test (tc, as root
// in the namespace). The whole Playwright run lives in the namespace: the server its global setup
// starts, coturn and the browser all talk over loopback, and nothing can leave the machine.
//
//   node scripts/test-shaped.mjs [extra playwright arguments]
//   SHAPED_ONLY=audio-first node scripts/test-shaped.mjs    (only the passes for those files)
//
// Needs root (or CAP_SYS_ADMIN and CAP_NET_ADMIN) and unshare (util-linux), ip and tc (iproute2).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The passes: a link rate (tc's spelling, and the same in kbit/s for the tests; none: loopback is left
 * unshaped for the test to shape) and the spec files each pass runs (a Playwright file filter).
 */
const RATES = [
  { tc: '500kbit', kbps: 500, files: 'bandwidth.spec' },
  { tc: '3mbit', kbps: 3000, files: 'bandwidth.spec' },
  { tc: null, kbps: 0, files: 'audio-first.spec', label: 'per participant' },
];

const TOOLS = [
  { name: 'unshare', pkg: 'util-linux' },
  { name: 'ip', pkg: 'iproute2' },
  { name: 'tc', pkg: 'iproute2' },
];

function fail(message) {
  console.error(`test-shaped: ${message}`);
  process.exit(2);
}

function findOnPath(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

const missing = TOOLS.filter((t) => !findOnPath(t.name));
if (missing.length) {
  const pkgs = [...new Set(missing.map((t) => t.pkg))].join(' ');
  fail(`missing ${missing.map((t) => `\`${t.name}\``).join(', ')}. Install with: apt-get install -y ${pkgs}`);
}
// The sbin tools must also be found by the shell inside the namespace.
const PATH = [...new Set([...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/sbin'])].join(path.delimiter);

const probe = spawnSync('unshare', ['-n', 'true'], { env: { ...process.env, PATH }, encoding: 'utf8' });
if (probe.status !== 0) {
  fail(
    `cannot create a network namespace (\`unshare -n\` said: ${(probe.stderr || probe.error?.message || 'unknown error').trim()}). Run as root, or in a container with CAP_SYS_ADMIN and CAP_NET_ADMIN.`,
  );
}

const reportDir = process.env.VESTIBULE_REPORT_DIR;
const extra = process.argv
  .slice(2)
  .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
  .join(' ');

function runAt(rate) {
  const script = [
    'ip link set lo up',
    // Loopback's default 64 KiB packets would never fit a 16 kB bucket: use an Ethernet-sized MTU.
    'ip link set lo mtu 1500',
    ...(rate.tc ? [`tc qdisc add dev lo root tbf rate ${rate.tc} burst 16kb latency 100ms`] : []),
    `exec npx playwright test --config playwright.shaped.config.ts ${reportDir ? '--reporter=list,json ' : ''}${rate.files} ${extra}`,
  ].join(' && ');
  console.log(`\n=== Shaped link: ${rate.label ?? `${rate.tc} (${rate.kbps} kbit/s)`} ===`);
  return new Promise((resolve) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', script], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PATH,
        ...(rate.kbps ? { SHAPED_RATE_KBPS: String(rate.kbps) } : { SHAPED_PER_PARTICIPANT: '1' }),
        NPM_CONFIG_UPDATE_NOTIFIER: 'false',
        // npm test collects one JSON report per rate to count the tests.
        ...(reportDir ? { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reportDir}/shaped-${rate.kbps || 'per-participant'}.json` } : {}),
      },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(`test-shaped: could not start unshare: ${err.message}`);
      resolve(1);
    });
  });
}

// SHAPED_ONLY=audio-first (say) runs only the passes whose files match.
const only = process.env.SHAPED_ONLY;
const results = [];
for (const rate of RATES.filter((r) => !only || r.files.includes(only))) results.push({ rate, code: await runAt(rate) });

if (results.length === 0) {
  console.error(`No shaped-link pass matches SHAPED_ONLY=${only}.`);
  process.exit(1);
}
console.log('\n=== Shaped-link results ===');
for (const { rate, code } of results)
  console.log(`  ${(rate.tc ?? rate.label).padEnd(16)} ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
