// Demo appointments for browser tests, made by the same entry point as `npm run demo -- --json`,
// against the running test server's data folder. No Playwright import: the WebKit tests (vitest +
// WebDriver) use it too.
import { execFileSync } from 'node:child_process';
import { serverInfo, type ServerInfo } from './server-info.js';

export interface DemoLinks {
  appointmentId: string;
  providerUrl: string;
  clientUrl: string;
  /** Present for group visits (`--clients N`). */
  clientUrls?: string[];
}

/** Creates a fresh appointment through `npm run demo -- --json`'s entry point, against the test server's data. */
export function demoLinks(...args: string[]): DemoLinks {
  return demoLinksOn(serverInfo(), ...args);
}

/**
 * The same, on a server a test started itself. `env` adds settings for the command, e.g. DATABASE_URL
 * for nodes sharing a PostgreSQL database (DATABASE_URL in process.env is passed on too): the links
 * are then written there, and signed with the key the nodes share.
 */
export function demoLinksOn(
  info: Pick<ServerInfo, 'dataDir' | 'baseUrl'> & { env?: Record<string, string> },
  ...args: string[]
): DemoLinks {
  const out = execFileSync(process.execPath, ['dist/server/demo-cli.js', '--json', ...args], {
    env: { ...process.env, DATA_DIR: info.dataDir, PUBLIC_URL: info.baseUrl, ...info.env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as DemoLinks;
}

export function tokenOf(url: string): string {
  return new URLSearchParams(new URL(url).hash.slice(1)).get('t')!;
}
