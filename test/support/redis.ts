// A private Redis for tests: on 127.0.0.1, nothing saved to disk, killable and restartable on the
// same port (to test what the app does when Redis goes away and comes back).
import net from 'node:net';
import { findBinary, freePort, type GroupProcess, HOST, LogBuffer, portClash, spawnGroup, tempDir, waitUntil } from './processes.js';

export interface RunningRedis {
  port: number;
  /** redis://127.0.0.1:PORT */
  url: string;
  /** Graceful stop (SIGTERM), then removes the temporary folder. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; restart() brings it back. */
  kill(): Promise<void>;
  /** Starts again on the same port (stopping it first if it still runs), empty: nothing is persisted. */
  restart(): Promise<void>;
  /** Output of every start so far. */
  logs(): string;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

/** Sends PING over a raw TCP connection; true when the reply is +PONG. */
function answersPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

export async function startRedis(opts: { port?: number } = {}): Promise<RunningRedis> {
  const binary = findBinary('redis-server');
  if (!binary) throw new Error('redis-server is not installed: run `apt-get install -y redis-server`');
  const temp = tempDir('vestibule-redis-');
  const dir = temp.path;
  const log = new LogBuffer();
  let proc: GroupProcess | undefined;

  const launch = async (port: number): Promise<void> => {
    const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir];
    proc = spawnGroup(binary, args, { name: `redis-server on port ${port}`, log });
    await waitUntil(`Redis on ${HOST}:${port} to answer PING with +PONG`, () => answersPing(port), {
      timeoutMs: READY_TIMEOUT_MS,
      proc,
    });
  };

  let port = opts.port ?? (await freePort());
  try {
    // A free port can be taken by someone else before Redis binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      try {
        await launch(port);
        break;
      } catch (err) {
        if (opts.port !== undefined || !proc?.hasExited() || !portClash(log.toString()) || attempt >= PORT_ATTEMPTS) throw err;
        port = await freePort();
      }
    }
  } catch (err) {
    await proc?.stop('SIGKILL', STOP_TIMEOUT_MS);
    temp.remove();
    throw err;
  }

  return {
    port,
    url: `redis://${HOST}:${port}`,
    async stop() {
      await proc?.stop('SIGTERM', STOP_TIMEOUT_MS);
      temp.remove();
    },
    async kill() {
      await proc?.stop('SIGKILL', STOP_TIMEOUT_MS);
    },
    async restart() {
      await proc?.stop('SIGTERM', STOP_TIMEOUT_MS);
      log.append(`\n[restarting redis-server on port ${port}]\n`);
      await launch(port);
    },
    logs: () => log.toString(),
  };
}
