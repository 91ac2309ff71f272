// Builds the app and starts one real Vestibule server for the browser tests, on a free port with a
// fresh data folder. Everything the server prints goes to a file, which tests read to prove that no
// token, SDP or name reaches the output.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll } from '../../../scripts/build.mjs';
import { publishServerInfo } from './server-info.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Vestibule exited during start-up (code ${child.exitCode}); see its log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Vestibule did not answer ${url} within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  await buildAll({ quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'vestibule-e2e-'));
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const out = openSync(logFile, 'a');
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'debug',
    ...(process.env.E2E_TURN_URLS ? { TURN_URLS: process.env.E2E_TURN_URLS } : {}),
  };
  const child = spawn(process.execPath, ['dist/server/main.js'], { env, stdio: ['ignore', out, out] });
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child);
  publishServerInfo({ baseUrl: `http://localhost:${port}`, dataDir: env.DATA_DIR, logFile, pid: child.pid! });
  return async () => {
    child.kill('SIGTERM');
  };
}
