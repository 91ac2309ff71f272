// Starts a real Vestibule server (the built dist/server/main.js) on a free loopback port with a fresh
// data folder, its output captured in a file.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adopt, reapOrphans, release } from '../../support/orphans.js';
import type { ServerInfo } from './server-info.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer extends ServerInfo {
  stop(): Promise<void>;
}

/** `root`: the checkout whose build runs (a benchmark's baseline commit); this one by default. */
export async function startVestibule(env: Record<string, string> = {}, root = process.cwd()): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vestibule-e2e-'));
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const out = openSync(logFile, 'a');
  const fullEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'debug',
    // Every browser test's connection test comes from this one loopback address: a whole run moves far
    // more than a person's hourly speed-test allowance.
    SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR: process.env.SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR ?? String(64 * 1024 ** 3),
    ...env,
  };
  // Servers left by a run that was killed outright go first.
  reapOrphans();
  const child = spawn(process.execPath, ['dist/server/main.js'], { cwd: root, env: fullEnv, stdio: ['ignore', out, out] });
  if (child.pid) adopt(child.pid, { group: false, marker: 'dist/server/main.js' });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      if (child.pid) release(child.pid);
      resolve();
    }),
  );
  const health = `http://127.0.0.1:${port}/healthz`;
  // Generous: on a busy shared machine a cold start (loading the bundle, migrating) can take a while.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Vestibule exited during start-up (code ${child.exitCode}); log: ${logFile}`);
    try {
      if ((await fetch(health)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Vestibule did not answer ${health} within 60 s; log: ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl: `http://localhost:${port}`,
    dataDir: fullEnv.DATA_DIR,
    logFile,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
