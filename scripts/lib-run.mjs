// Small helpers shared by the project's scripts: run a command, find or install a system package.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** Like run(), without blocking: resolves with the exit status once the command ends. */
export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

let aptUpdated = false;

/** Whether a requirement is met: its `check()` when given, else its `file` exists, else its `bin` is on PATH. */
function present(need) {
  if (need.check) return need.check();
  return need.file ? existsSync(need.file) : onPath(need.bin);
}

/**
 * Makes sure each Debian package is installed, judged by a file or command it provides (or a `check`
 * function, for files without a fixed path or a version to meet; its optional `problem()` says what
 * is wrong). Installs or upgrades the missing ones with apt-get when running as root; otherwise
 * throws, naming the packages to install.
 */
export function ensureDebianPackages(needs) {
  const missing = needs.filter((n) => !present(n));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((n) => n.pkg))];
  const canInstall = process.getuid?.() === 0 && onPath('apt-get');
  if (!canInstall) {
    throw new Error(
      `Missing system packages: ${pkgs.join(', ')}${problems(missing)}. Install them with: sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`,
    );
  }
  console.log(`Installing system packages: ${pkgs.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env }) !== 0) {
    throw new Error(`apt-get could not install: ${pkgs.join(', ')}`);
  }
  const still = missing.filter((n) => !present(n));
  if (still.length) throw new Error(`Still missing after apt-get: ${[...new Set(still.map((n) => n.pkg))].join(', ')}${problems(still)}`);
}

/** What is wrong with requirements that say more than "not installed" (e.g. a version too old), in parentheses. */
function problems(needs) {
  const said = needs.map((n) => n.problem?.()).filter(Boolean);
  return said.length ? ` (${said.join('; ')})` : '';
}
