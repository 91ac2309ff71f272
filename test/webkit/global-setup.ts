// Global setup for the WebKit tests: the browsers they need are present (installed when possible),
// one real Vestibule server is running (the same start-up as the Playwright suite's), and
// WebKitWebDriver listens on loopback inside a virtual X display (`xvfb-run -a`).
import type { TestProject } from 'vitest/node';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ensureBrowsers } from '../../scripts/ensure-browsers.mjs';
import startVestibule from '../browser/support/global-setup.js';
import { serverInfo, type ServerInfo } from '../browser/support/server-info.js';
import { freePort } from '../browser/support/server-process.js';
import { driverReady } from '../browser/support/webdriver.js';

declare module 'vitest' {
  export interface ProvidedContext {
    vestibuleServer: ServerInfo;
    webdriverUrl: string;
  }
}

async function startDriver(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so teardown can end xvfb-run, Xvfb, the driver and MiniBrowser together.
  const child = spawn('xvfb-run', ['-a', 'WebKitWebDriver', '--host=127.0.0.1', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!(await driverReady(url))) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited during start-up (code ${child.exitCode}): ${out}`);
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${url} within 20 s: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => out };
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = once(child, 'exit').then(() => undefined);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return exited;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureBrowsers({ webkit: true });
  const stopVestibule = await startVestibule();
  let driver: Awaited<ReturnType<typeof startDriver>>;
  try {
    driver = await startDriver();
  } catch (e) {
    await stopVestibule();
    throw e;
  }
  project.provide('vestibuleServer', serverInfo());
  project.provide('webdriverUrl', driver.url);
  return async () => {
    await stopGroup(driver.child);
    await stopVestibule();
  };
}
