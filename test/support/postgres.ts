// A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a server on a free
// 127.0.0.1 port with trust authentication and fsync off (test data only), stopped with a fast
// shutdown. Tests that only need a database use freshPgDatabase() from ./pg.ts instead.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findBinary, freePort, type GroupProcess, HOST, LogBuffer, portClash, spawnGroup, tempDir, tail, waitUntil } from './processes.js';

export interface RunningPostgres {
  port: number;
  /** Superuser connection to the `postgres` database: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** Creates an empty database (a random name unless given) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
  /** Stops the server, keeping its data (the database goes away while in use). */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
  logs(): string;
}

const INITDB_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql (Debian), else initdb's on PATH. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const initdb = findBinary('initdb');
  if (initdb) return path.dirname(initdb);
  throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `apt-get install -y postgresql`');
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user via runuser. */
function asServerUser(): { wrap: (cmd: string, args: string[]) => [string, string[]]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('running as root but there is no `postgres` user to run PostgreSQL as: run `apt-get install -y postgresql`');
  }
  const runuser = findBinary('runuser');
  if (!runuser) throw new Error('running as root but `runuser` (util-linux) is not installed');
  return { wrap: (cmd, args) => [runuser, ['-u', 'postgres', '--', cmd, ...args]], owner: { uid, gid } };
}

function run(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: INITDB_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${what} failed (${err.message.split('\n')[0]}). Output:\n${tail(`${stdout}${stderr}`)}`));
      else resolve();
    });
  });
}

/** Whether `SELECT 1` succeeds (a TCP connect alone also succeeds while the server still starts up). */
async function answersQueries(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** CREATE DATABASE through the admin URL; returns the new database's URL. */
export async function createPgDatabase(adminUrl: string, name = `test_${randomBytes(6).toString('hex')}`): Promise<string> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${JSON.stringify(name)}: use [a-z0-9_], at most 63 characters`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const user = asServerUser();
  const temp = tempDir('vestibule-pg-');
  const dir = temp.path;
  // mkdtemp makes a 0700 folder of ours; the server user must own it (data folder and socket).
  if (user.owner) chownSync(dir, user.owner.uid, user.owner.gid);
  const data = path.join(dir, 'data');
  const log = new LogBuffer();

  let server: GroupProcess | undefined;
  try {
    const initdbArgs = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'];
    const [initCmd, initArgs] = user.wrap(path.join(bin, 'initdb'), initdbArgs);
    await run(initCmd, initArgs, `initdb (${path.join(bin, 'initdb')} in ${dir})`);

    // Another process may take the free port before the server binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `postgres://postgres@${HOST}:${port}/postgres`;
      const serverArgs = ['-D', data, '-p', String(port), '-k', dir, '-c', `listen_addresses=${HOST}`, '-c', 'fsync=off'];
      const [cmd, args] = user.wrap(path.join(bin, 'postgres'), serverArgs);
      // On an abrupt exit of this process: SIGQUIT is PostgreSQL's immediate shutdown, which also
      // ends its backends (they are not in its process group, so SIGKILL would orphan them).
      server = spawnGroup(cmd, args, { name: `postgres on port ${port}`, log, exitSignal: 'SIGQUIT' });
      try {
        await waitUntil(`PostgreSQL on ${HOST}:${port} to answer SELECT 1`, () => answersQueries(url), {
          timeoutMs: READY_TIMEOUT_MS,
          proc: server,
        });
      } catch (err) {
        if (server.hasExited() && portClash(log.toString()) && attempt < PORT_ATTEMPTS) continue;
        throw err;
      }
      let running = server;
      return {
        port,
        url,
        createDatabase: (name) => createPgDatabase(url, name),
        // SIGINT is the fast shutdown: it disconnects clients (SIGTERM would wait for them).
        async stop() {
          await running.stop('SIGINT', STOP_TIMEOUT_MS);
          temp.remove();
        },
        // The database going away while in use, and coming back: same data, same port.
        async halt() {
          await running.stop('SIGINT', STOP_TIMEOUT_MS);
        },
        async resume() {
          running = spawnGroup(cmd, args, { name: `postgres on port ${port}`, log, exitSignal: 'SIGQUIT' });
          await waitUntil(`PostgreSQL on ${HOST}:${port} to answer SELECT 1 again`, () => answersQueries(url), {
            timeoutMs: READY_TIMEOUT_MS,
            proc: running,
          });
        },
        logs: () => log.toString(),
      };
    }
  } catch (err) {
    await server?.stop('SIGINT', STOP_TIMEOUT_MS);
    temp.remove();
    throw err;
  }
}
