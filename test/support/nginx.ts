// A private nginx reverse proxy for tests, in front of several app processes: HTTP and WebSocket,
// failover to another upstream when one is down, and optional pinning by a `node=N` cookie so a
// test can keep a browser context on one node (browsers send cookies on WebSocket upgrades too).
import { chmodSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { findBinary, freePort, type GroupProcess, HOST, LogBuffer, portClash, spawnGroup, tempDir, waitUntil } from './processes.js';

export interface NginxOptions {
  upstreams: { host: string; port: number }[];
  /** Route requests with cookie `node=N` to upstreams[N] (the others stay as its backups). */
  pinByCookie?: boolean;
  /**
   * How long nginx leaves an upstream it failed to reach alone before trying it again (its
   * `fail_timeout`; nginx's default is 10 s). Tests that restart a node shorten it.
   */
  failTimeoutSeconds?: number;
}

export interface RunningNginx {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
  logs(): string;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

/** Answers any HTTP status: nginx is up (an upstream may well still be down). */
function answersHttp(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

function configText(opts: NginxOptions, dir: string, port: number): string {
  const failTimeout = opts.failTimeoutSeconds !== undefined ? ` fail_timeout=${opts.failTimeoutSeconds}s` : '';
  const server = (u: { host: string; port: number }, backup = false): string =>
    `    server ${u.host}:${u.port}${failTimeout}${backup ? ' backup' : ''};`;
  const all = ['  upstream app {', ...opts.upstreams.map((u) => server(u)), '  }'];
  // One upstream block per pin: the chosen node first, every other node as a backup for when it is down.
  const pins = opts.pinByCookie
    ? opts.upstreams.flatMap((chosen, i) => [`  upstream pin${i} {`, ...opts.upstreams.map((u) => server(u, u !== chosen)), '  }'])
    : [];
  const pinMap = opts.pinByCookie
    ? ['  map $cookie_node $pinned_upstream {', '    default app;', ...opts.upstreams.map((_, i) => `    ${i} pin${i};`), '  }']
    : [];
  const temp = (name: string): string => `  ${name}_temp_path ${path.join(dir, `${name}_temp`)};`;
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    'error_log stderr notice;',
    'events { worker_connections 512; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
    "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
    ...all,
    ...pins,
    ...pinMap,
    '  server {',
    `    listen ${HOST}:${port};`,
    '    location / {',
    // proxy_pass with a variable naming an upstream block uses that block (no resolver involved).
    `      proxy_pass http://${opts.pinByCookie ? '$pinned_upstream' : 'app'};`,
    '      proxy_http_version 1.1;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection $connection_upgrade;',
    '      proxy_set_header Host $http_host;',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '      proxy_set_header X-Forwarded-Proto $scheme;',
    '      proxy_set_header X-Forwarded-Host $http_host;',
    // WebSocket connections are idle for long stretches; a dead upstream fails over to the next one.
    '      proxy_read_timeout 1h;',
    '      proxy_send_timeout 1h;',
    '      proxy_connect_timeout 5s;',
    '      proxy_next_upstream error timeout;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  if (opts.upstreams.length === 0) throw new Error('startNginx: give at least one upstream');
  const binary = findBinary('nginx');
  if (!binary) throw new Error('nginx is not installed (looked on PATH and in /usr/sbin): run `apt-get install -y nginx`');
  const temp = tempDir('vestibule-nginx-');
  const dir = temp.path;
  // As root, nginx's workers run as `nobody` and must reach the temp folders inside.
  chmodSync(dir, 0o755);
  const configFile = path.join(dir, 'nginx.conf');
  const log = new LogBuffer();
  let proc: GroupProcess | undefined;

  try {
    // A free port can be taken by someone else before nginx binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      writeFileSync(configFile, configText(opts, dir, port));
      // -e: the error log before the config is read (else the compiled-in path).
      proc = spawnGroup(binary, ['-p', dir, '-c', configFile, '-e', 'stderr'], { name: `nginx on port ${port}`, log });
      try {
        await waitUntil(`nginx on ${HOST}:${port} to answer HTTP`, () => answersHttp(port), { timeoutMs: READY_TIMEOUT_MS, proc });
      } catch (err) {
        if (proc.hasExited() && portClash(log.toString()) && attempt < PORT_ATTEMPTS) continue;
        throw err;
      }
      const running = proc;
      return {
        port,
        url: `http://${HOST}:${port}`,
        // SIGTERM is nginx's fast shutdown (SIGQUIT would wait for open WebSockets to close).
        async stop() {
          await running.stop('SIGTERM', STOP_TIMEOUT_MS);
          temp.remove();
        },
        logs: () => log.toString(),
      };
    }
  } catch (err) {
    await proc?.stop('SIGTERM', STOP_TIMEOUT_MS);
    temp.remove();
    throw err;
  }
}
