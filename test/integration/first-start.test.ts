// The quick start's first run, on the embedded defaults: the real server prints a set-up link and a
// demo appointment's two links, short enough to copy by hand, and each opens its side of the same visit.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { tempDir } from '../support/temp-dir.js';

let server: ChildProcess | undefined;
afterEach(() => void server?.kill('SIGKILL'));

/**
 * Starts dist/server/main.js on a fresh data folder; resolves with its output once `until` appears in
 * it. `atTerminal`: its output is a terminal (util-linux's `script` gives it one), as with `npm start`
 * in a shell; otherwise a pipe, as with a container's or a service manager's log.
 */
function startUntil(until: RegExp, { atTerminal = false, timeoutMs = 30_000 } = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: tempDir('vestibule-first-'),
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.DEMO;
  const [command, args] = atTerminal
    ? ['script', ['--quiet', '--flush', '--return', '--command', `${process.execPath} dist/server/main.js`, '/dev/null']]
    : [process.execPath, ['dist/server/main.js']];
  const child = spawn(command as string, args as string[], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the first start did not print ${until} within ${timeoutMs} ms; it printed:\n${out}`)),
      timeoutMs,
    );
    const take = (chunk: Buffer) => {
      out += chunk.toString('utf8').replaceAll('\r\n', '\n');
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before printing ${until}:\n${out}`)));
  });
}

describe('first start', () => {
  beforeAll(async () => buildAll({ quiet: true }), 60_000);

  it('prints short demo links that each open their side of one visit, and logs none of them', async () => {
    const out = await startUntil(/Client: +\S+\n/);
    const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(base, 'the listening address').toBeDefined();
    const provider = /Provider: +(\S+)/.exec(out)![1]!;
    const client = /Client: +(\S+)/.exec(out)![1]!;
    for (const link of [provider, client]) {
      expect(link).toMatch(/^http:\/\/localhost:\d+\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(link.length).toBeLessThan(50);
    }
    const answers = [];
    for (const link of [provider, client]) {
      const res = await fetch(`${base}/api/visit-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: link.split('#')[1] }),
      });
      expect(res.status).toBe(200);
      answers.push((await res.json()) as { appointmentId: string; token: string });
    }
    expect(answers[0]!.appointmentId).toBe(answers[1]!.appointmentId);
    expect(answers[0]!.token).not.toBe(answers[1]!.token);
    // Printed for the person at the terminal, never in a log line.
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    for (const secret of [provider.split('#')[1]!, client.split('#')[1]!, answers[0]!.token])
      expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
  });

  it("prints the owner's set-up link at a terminal only: to a log it says how to get one", async () => {
    // The demo's links come after what is said about the owner.
    const logged = await startUntil(/Client: +\S+\n/);
    expect(logged).toContain('npm run admin -- setup-link');
    expect(logged).not.toContain('/practice/setup#');
    server?.kill('SIGKILL');
    const atTerminal = await startUntil(/Client: +\S+\n/, { atTerminal: true });
    expect(atTerminal).toMatch(
      /owner account \(this link works once, for one hour\):\n +http:\/\/localhost:\d+\/practice\/setup#t=[\w-]{43}\n/,
    );
  });
});
