// Building blocks for the test harnesses that start real servers (PostgreSQL, Redis, nginx, coturn):
// free ports, finding binaries, spawning a server in its own process group with its output kept in
// memory, bounded waits whose errors say what they waited for, and killing leftovers on exit.
import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adopt, reapOrphans, release } from './orphans.js';

export const HOST = '127.0.0.1';

/** A port free on 127.0.0.1 right now (TCP, and UDP too when asked: coturn listens on both). */
export async function freePort(opts: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HOST, () => resolve((server.address() as net.AddressInfo).port));
    });
    if (!opts.udp) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
    const udp = dgram.createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, HOST, () => resolve(true));
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (udpFree) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
    try {
      udp.close();
    } catch {
      // never bound, nothing to close
    }
  }
  throw new Error(`could not find a free ${opts.udp ? 'TCP+UDP' : 'TCP'} port on ${HOST}`);
}

/** An executable on PATH, or in the sbin folders a non-root PATH often lacks (nginx is /usr/sbin/nginx). */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Settles like `promise`, or rejects after `ms` with an error naming what was awaited. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// --- Leftover safety: groups still running and temp folders still there when this process ends. --

const liveGroups = new Map<number, NodeJS.Signals>();
const liveDirs = new Set<string>();
let exitHooked = false;

function killLiveGroups(): void {
  for (const [pgid, signal] of liveGroups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

function removeLiveDirs(): void {
  for (const dir of liveDirs) {
    try {
      // A server killed a moment ago may still be writing here: retry "directory not empty" a few times.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // best effort while exiting
    }
  }
  liveDirs.clear();
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    killLiveGroups();
    removeLiveDirs();
  });
  // An unhandled signal ends Node without 'exit' (vitest's fork workers get SIGTERM). Prepended, so
  // this sees whether anyone else (vitest's own handler in its main process) will handle it; if not,
  // clean up and let the signal do what it would have done had nobody listened.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killLiveGroups();
      if (process.listenerCount(signal) > 1) return;
      removeLiveDirs();
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.prependListener(signal, onSignal);
  }
}

/** A new folder under the system temp folder, removed by remove() or, failing that, when this process exits. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  hookExit();
  liveDirs.add(dir);
  return {
    path: dir,
    remove() {
      liveDirs.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- Servers in their own process group. -------------------------------------------------------

/** Output kept in memory (the last MAX_LOG characters), shared across restarts of one server. */
export class LogBuffer {
  private text = '';
  private static readonly MAX = 1_000_000;
  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > LogBuffer.MAX) this.text = this.text.slice(-LogBuffer.MAX / 2);
  }
  toString(): string {
    return this.text;
  }
}

export interface GroupProcess {
  /** Also the process group id. */
  readonly pid: number;
  readonly name: string;
  readonly log: LogBuffer;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  /** e.g. "exited with code 1", "killed by SIGKILL", "is running". */
  status(): string;
  /** Sends `signal` to the whole group; after `timeoutMs` without exit, SIGKILL to the group. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<void>;
}

export interface SpawnGroupOptions {
  /** Names the server in errors and log lines. */
  name: string;
  log?: LogBuffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Sent to the group if this process exits while the server still runs (default SIGKILL). */
  exitSignal?: NodeJS.Signals;
}

/**
 * Spawns `cmd` as the leader of a new process group (detached), so one signal reaches it and
 * everything it forks, and a Ctrl-C in the terminal does not stop it before the test's teardown.
 */
export function spawnGroup(cmd: string, args: string[], opts: SpawnGroupOptions): GroupProcess {
  const log = opts.log ?? new LogBuffer();
  // Servers left by a run that was killed outright go first.
  reapOrphans();
  const child: ChildProcess = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env, cwd: opts.cwd });
  child.stdout?.on('data', (chunk: Buffer) => log.append(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => log.append(chunk.toString('utf8')));

  let status = 'is running';
  let exited = false;
  const pid = child.pid;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      exited = true;
      if (pid) {
        liveGroups.delete(pid);
        release(pid);
      }
      resolve();
    });
    child.once('error', (err) => {
      status = `could not be started (${err.message})`;
      log.append(`\n[${opts.name}: spawn error: ${err.message}]\n`);
      exited = true;
      resolve();
    });
  });
  if (pid) {
    hookExit();
    liveGroups.set(pid, opts.exitSignal ?? 'SIGKILL');
    adopt(pid, { group: true, marker: cmd });
  }

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };

  return {
    pid: pid ?? -1,
    name: opts.name,
    log,
    exited: exitedPromise,
    hasExited: () => exited,
    status: () => status,
    async stop(signal, timeoutMs) {
      if (exited) return;
      signalGroup(signal);
      const force = setTimeout(() => {
        log.append(`\n[${opts.name}: no exit ${timeoutMs} ms after ${signal}, sending SIGKILL]\n`);
        signalGroup('SIGKILL');
      }, timeoutMs);
      await exitedPromise;
      clearTimeout(force);
    },
  };
}

/**
 * Polls `probe` (with a short growing back-off) until it returns true. Fails fast if `proc` exits
 * first, and after `timeoutMs` otherwise; both errors name what was awaited and end with the log tail.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; proc: GroupProcess },
): Promise<void> {
  const { proc } = opts;
  const deadline = Date.now() + opts.timeoutMs;
  let delay = 20;
  for (;;) {
    if (proc.hasExited()) {
      throw new Error(`${proc.name} ${proc.status()} while waiting for ${what}. Log tail:\n${tail(proc.log.toString())}`);
    }
    if (await probe()) return;
    if (proc.hasExited()) continue;
    if (Date.now() > deadline) {
      throw new Error(`${proc.name}: timed out after ${opts.timeoutMs} ms waiting for ${what}. Log tail:\n${tail(proc.log.toString())}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, delay)), proc.exited]);
    delay = Math.min(delay * 2, 200);
  }
}

/** Whether a TCP connection to 127.0.0.1:port succeeds (within `timeoutMs`). */
export function tcpConnects(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when a server's output says it could not bind its port (another process took it meanwhile). */
export function portClash(log: string): boolean {
  return /address already in use/i.test(log);
}
