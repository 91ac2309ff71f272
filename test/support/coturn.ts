// Starts a real coturn (`turnserver`) on 127.0.0.1 for tests, with TURN REST (shared secret)
// authentication. The generated config allows loopback peers, which is only acceptable here:
// it never leaves the test run, and everything in a test lives on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, freePort, tcpConnects } from './processes.js';
import { stunBindingUdp } from './turn-client.js';

export interface CoturnOptions {
  secret: string;
  /** Extra secret coturn also accepts (the rotation window: old and new both valid). */
  previousSecret?: string;
  realm?: string;
  /** Listen on this port instead of a free one (e.g. to bring a relay back after stopping it). */
  port?: number;
  /** TLS is not supported by this helper yet. */
  tls?: false;
}

export interface RunningCoturn {
  port: number;
  realm: string;
  urls: { udp: string; tcp: string };
  stop(): Promise<void>;
  logs(): string;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const RELAY_PORTS = 16;

async function stunAnswers(port: number): Promise<boolean> {
  try {
    await stunBindingUdp(HOST, port, 300);
    return true;
  } catch {
    return false;
  }
}

function configText(opts: CoturnOptions, realm: string, port: number, dir: string): string {
  // A random 16-port relay block below Linux's ephemeral range, so parallel runs rarely
  // share one (coturn skips ports that happen to be busy anyway).
  const minPort = 20_000 + Math.floor(Math.random() * 600) * RELAY_PORTS;
  const secrets = [opts.secret, ...(opts.previousSecret ? [opts.previousSecret] : [])];
  return [
    `listening-ip=${HOST}`,
    `relay-ip=${HOST}`,
    `listening-port=${port}`,
    `min-port=${minPort}`,
    `max-port=${minPort + RELAY_PORTS - 1}`,
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-rfc5780',
    'fingerprint',
    `realm=${realm}`,
    'use-auth-secret',
    ...secrets.map((s) => `static-auth-secret=${s}`),
    // Test-only: browsers, peers and coturn all sit on 127.0.0.1 in a test run.
    'allow-loopback-peers',
    // Keep parallel runs apart: own pid file, own (empty) user database, logs to our pipe.
    `pidfile=${path.join(dir, 'turnserver.pid')}`,
    `userdb=${path.join(dir, 'turndb')}`,
    'log-file=stdout',
    'simple-log',
    '',
  ].join('\n');
}

export async function startCoturn(opts: CoturnOptions): Promise<RunningCoturn> {
  const binary = findBinary('turnserver');
  if (!binary) throw new Error('coturn is not installed: run `apt-get install -y coturn`');
  if (opts.tls) throw new Error('startCoturn: TLS is not supported yet');

  const realm = opts.realm ?? 'vestibule.test';
  const port = opts.port ?? (await freePort({ udp: true }));
  const dir = mkdtempSync(path.join(tmpdir(), 'vestibule-coturn-'));
  const configFile = path.join(dir, 'turnserver.conf');
  writeFileSync(configFile, configText(opts, realm, port, dir), { mode: 0o600 });

  let output = '';
  const child: ChildProcess = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      output += `\nspawn error: ${err.message}`;
      exited = true;
      resolve();
    });
  });
  // Last resort if the test process ends without calling stop().
  const killOnExit = (): void => {
    if (!exited && child.pid) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  const cleanup = (): void => {
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  const stop = async (): Promise<void> => {
    if (!exited && child.pid) {
      process.kill(child.pid, 'SIGTERM');
      const forceKill = setTimeout(() => {
        if (!exited && child.pid) process.kill(child.pid, 'SIGKILL');
      }, 3000);
      await exitedPromise;
      clearTimeout(forceKill);
    }
    cleanup();
  };

  // Ready = accepts TCP connections and answers a STUN Binding over UDP. Each probe is
  // retried with a short growing back-off until the deadline, failing fast if coturn exits.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let delay = 20;
  let tcpReady = false;
  let udpReady = false;
  while (!(tcpReady && udpReady)) {
    if (exited) {
      cleanup();
      throw new Error(`turnserver exited before it was ready. Output:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver not ready after ${READY_TIMEOUT_MS} ms. Output:\n${output}`);
    }
    tcpReady = tcpReady || (await tcpConnects(port));
    udpReady = tcpReady && (udpReady || (await stunAnswers(port)));
    if (!(tcpReady && udpReady)) {
      await Promise.race([new Promise((r) => setTimeout(r, delay)), exitedPromise]);
      delay = Math.min(delay * 2, 200);
    }
  }

  return {
    port,
    realm,
    urls: {
      udp: `turn:${HOST}:${port}?transport=udp`,
      tcp: `turn:${HOST}:${port}?transport=tcp`,
    },
    stop,
    logs: () => output,
  };
}
