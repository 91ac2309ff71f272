#!/usr/bin/env node
// Runs a local coturn for DEVELOPMENT on 127.0.0.1:3478 (UDP + TCP, no TLS) with the same
// TURN secret Vestibule uses, and prints the TURN_URLS to give Vestibule.
// Usage: npm run coturn:dev   (TURN_SECRET=... to override the secret from the data folder)
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const PORT = 3478;
const here = path.dirname(fileURLToPath(import.meta.url));
const baseConfig = path.join(here, 'coturn.dev.conf');

function fail(message) {
  console.error(message);
  process.exit(1);
}

function findOnPath(binary) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, binary), constants.X_OK);
      return path.join(dir, binary);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function turnSecret() {
  const fromEnv = process.env.TURN_SECRET?.trim();
  if (fromEnv) return { secret: fromEnv, source: 'TURN_SECRET' };
  const file = path.resolve(process.env.DATA_DIR?.trim() || './data', 'secrets.json');
  let stored;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code !== 'ENOENT') fail(`Cannot read ${file}: ${err.message}`);
    fail(
      `No TURN secret yet: ${file} does not exist.\n` +
        'Run `npm start` once (it creates that file), or set TURN_SECRET to the value Vestibule uses.',
    );
  }
  if (typeof stored.turnSecret !== 'string' || stored.turnSecret === '') {
    fail(`${file} has no "turnSecret". Run \`npm start\` once, or set TURN_SECRET.`);
  }
  return { secret: stored.turnSecret, source: file };
}

/** Fails early with a useful hint when something (often the system coturn service) holds 3478. */
async function assertPortFree() {
  const socket = dgram.createSocket('udp4');
  const error = await new Promise((resolve) => {
    socket.once('error', resolve);
    socket.bind(PORT, HOST, () => resolve(null));
  });
  socket.close();
  if (error) {
    fail(
      `${HOST}:${PORT}/udp is already in use (${error.code}). ` +
        'Is the system coturn service running? Stop it with `systemctl stop coturn`.',
    );
  }
}

const binary = findOnPath('turnserver');
if (!binary) fail('coturn is not installed: apt-get install coturn');

const { secret, source } = turnSecret();
if (/[\s#]/.test(secret)) fail('The TURN secret must not contain spaces or "#" (coturn config syntax).');
await assertPortFree();

// The secret goes into a private temporary copy of the config rather than onto the command
// line, where any local user could read it with `ps`.
const dir = mkdtempSync(path.join(tmpdir(), 'vestibule-coturn-dev-'));
const config = path.join(dir, 'turnserver.conf');
writeFileSync(
  config,
  `${readFileSync(baseConfig, 'utf8')}\n` +
    `static-auth-secret=${secret}\n` +
    `pidfile=${path.join(dir, 'turnserver.pid')}\n` +
    // Own (empty) user database instead of the system one in /var/lib/turn.
    `userdb=${path.join(dir, 'turndb')}\n`,
  { mode: 0o600 },
);

console.log(`Starting coturn for development on ${HOST}:${PORT} (UDP and TCP), secret from ${source}.`);
console.log('Give Vestibule this environment (the secret is the same one it already uses):\n');
console.log(`  TURN_URLS=turn:${HOST}:${PORT}?transport=udp,turn:${HOST}:${PORT}?transport=tcp\n`);
console.log('Press Ctrl+C to stop.\n');

const child = spawn(binary, ['-c', config], { stdio: 'inherit' });
const cleanup = () => rmSync(dir, { recursive: true, force: true });

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
}
child.on('error', (err) => {
  cleanup();
  fail(`Could not start turnserver: ${err.message}`);
});
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : (code ?? 1));
});
