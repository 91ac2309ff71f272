// The production deployment files in deploy/: nginx.conf is loaded by the real nginx (a copy whose
// node names, ports and certificate paths point at this machine) and then serves a real Vestibule
// node over TLS; compose.yaml is parsed and checked for what several nodes need. Docker itself is
// not available here, so the containers are never started.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { testApp, type TestApp } from '../support/app.js';
import {
  findBinary,
  freePort,
  type GroupProcess,
  HOST,
  LogBuffer,
  spawnGroup,
  tcpConnects,
  tempDir,
  waitUntil,
  withTimeout,
} from '../support/processes.js';

const DEPLOY = new URL('../../deploy/', import.meta.url);
const NGINX_CONF = readFileSync(new URL('nginx.conf', DEPLOY), 'utf8');
const COMPOSE_TEXT = readFileSync(new URL('compose.yaml', DEPLOY), 'utf8');
const ENV_EXAMPLE = readFileSync(new URL('.env.example', DEPLOY), 'utf8');
/** The host name nginx.conf's placeholders use (the test's certificate is made out to it). */
const SITE = 'visits.example.org';
const PUBLIC_URL = `https://${SITE}`;

/** `text` with every `search` replaced, failing when it occurs `expected` times not exactly: a changed nginx.conf must not slip past the test unnoticed. */
function replaceExactly(text: string, search: string | RegExp, replacement: string, expected: number): string {
  const pattern = typeof search === 'string' ? new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : search;
  const found = text.match(pattern)?.length ?? 0;
  if (found !== expected) throw new Error(`nginx.conf: expected ${expected} × ${String(search)}, found ${found}`);
  return text.replace(pattern, replacement);
}

interface LocalSetup {
  upstreams: [number, number];
  cert: string;
  key: string;
  dir: string;
  /** For a running copy: where it listens instead of 80 and 443, and its ACME webroot. */
  listen?: { http: number; https: number; acme: string };
}

/**
 * deploy/nginx.conf as it would run here: the nodes at 127.0.0.1 ports instead of vestibule-1/2 (which
 * resolve only inside compose's network), the test's own certificate, the pid file and access log in
 * a temp folder and, to run it, local listening ports, the foreground, and temp folders of its own.
 */
function localNginxConf(s: LocalSetup): string {
  let text = NGINX_CONF;
  text = replaceExactly(text, 'server vestibule-1:8080', `server ${HOST}:${s.upstreams[0]}`, 1);
  text = replaceExactly(text, 'server vestibule-2:8080', `server ${HOST}:${s.upstreams[1]}`, 1);
  text = replaceExactly(text, 'ssl_certificate /etc/nginx/certs/fullchain.pem;', `ssl_certificate ${s.cert};`, 1);
  text = replaceExactly(text, 'ssl_certificate_key /etc/nginx/certs/privkey.pem;', `ssl_certificate_key ${s.key};`, 1);
  text = replaceExactly(text, /^pid .*;$/m, `pid ${path.join(s.dir, 'nginx.pid')};`, 1);
  text = replaceExactly(text, 'access_log /var/log/nginx/access.log', `access_log ${path.join(s.dir, 'access.log')}`, 1);
  if (s.listen) {
    text = replaceExactly(text, /listen 80 /g, `listen ${HOST}:${s.listen.http} `, 1);
    text = replaceExactly(text, /listen 443 /g, `listen ${HOST}:${s.listen.https} `, 2);
    text = replaceExactly(text, 'root /var/www/acme;', `root ${s.listen.acme};`, 1);
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `  ${n}_temp_path ${path.join(s.dir, `${n}_temp`)};`);
    text = `daemon off;\n${replaceExactly(text, /^http \{$/m, `http {\n${temps.join('\n')}`, 1)}`;
  }
  return text;
}

/** A self-signed certificate for SITE, made with openssl. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SITE}`,
      '-addext',
      `subjectAltName=DNS:${SITE}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

function nginxBinary(): string {
  const binary = findBinary('nginx');
  if (!binary) throw new Error('nginx is not installed (looked on PATH and in /usr/sbin): run `apt-get install -y nginx`');
  return binary;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

function collect(res: http.IncomingMessage, resolve: (a: Answer) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body }));
}

describe('deploy/nginx.conf', () => {
  it('passes `nginx -t` with the node names and certificate paths pointed at this machine', () => {
    const temp = tempDir('vestibule-deploy-nginx-t-');
    try {
      const { cert, key } = makeCertificate(temp.path);
      const file = path.join(temp.path, 'nginx.conf');
      writeFileSync(file, localNginxConf({ upstreams: [18081, 18082], cert, key, dir: temp.path }));
      let output: string;
      try {
        // -t prints its verdict on standard error, also when it passes.
        output = execFileSync(nginxBinary(), ['-t', '-p', temp.path, '-c', file, '-e', 'stderr'], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`nginx -t refused deploy/nginx.conf:\n${e.stderr ?? e.message}`);
      }
      expect(output).toBe('');
    } finally {
      temp.remove();
    }
  });

  it('marks every placeholder an operator must change', () => {
    // The certificate paths and the host name (server_name, redirect) each carry a CHANGE_ME nearby.
    const lines = NGINX_CONF.split('\n');
    for (const needle of [
      `server_name ${SITE};`,
      `return 301 https://${SITE}$request_uri;`,
      'ssl_certificate /etc/nginx/certs/fullchain.pem;',
    ]) {
      const at = lines.findIndex((l) => l.includes(needle));
      expect(at, needle).toBeGreaterThan(0);
      expect(
        lines.slice(Math.max(0, at - 4), at).some((l) => l.includes('CHANGE_ME')),
        `a CHANGE_ME just above "${needle}"`,
      ).toBe(true);
    }
    // Vestibule sends HSTS itself; nginx must not add a second one.
    expect(NGINX_CONF).not.toMatch(/^\s*add_header\s+Strict-Transport-Security/im);
  });

  describe('running, in front of one live node and one dead one', () => {
    let t: TestApp;
    let proc: GroupProcess | undefined;
    let temp: { path: string; remove(): void };
    let ca: Buffer;
    let ports: { http: number; https: number };

    beforeAll(async () => {
      t = await testApp({ PUBLIC_URL, TRUST_PROXY: '1', LOG_CLIENT_ADDRESSES: 'full' });
      await t.app.listen({ port: 0, host: HOST });
      const live = (t.app.server.address() as { port: number }).port;
      // Nothing listens here: a node that is down.
      const dead = await freePort();
      temp = tempDir('vestibule-deploy-nginx-');
      // As root, nginx's workers run as `nobody` and must reach the temp folders and the webroot.
      chmodSync(temp.path, 0o755);
      const acme = path.join(temp.path, 'acme');
      mkdirSync(path.join(acme, '.well-known', 'acme-challenge'), { recursive: true, mode: 0o755 });
      writeFileSync(path.join(acme, '.well-known', 'acme-challenge', 'token-123'), 'token-123.thumbprint', { mode: 0o644 });
      const { cert, key } = makeCertificate(temp.path);
      ca = readFileSync(cert);
      ports = { http: await freePort(), https: await freePort() };
      const file = path.join(temp.path, 'nginx.conf');
      // The dead node first, so least_conn's first pick is likely to meet it.
      writeFileSync(file, localNginxConf({ upstreams: [dead, live], cert, key, dir: temp.path, listen: { ...ports, acme } }));
      proc = spawnGroup(nginxBinary(), ['-p', temp.path, '-c', file, '-e', 'stderr'], {
        name: 'nginx with deploy/nginx.conf',
        log: new LogBuffer(),
      });
      await waitUntil(`nginx to listen on ${HOST}:${ports.https}`, () => tcpConnects(ports.https), { timeoutMs: 10_000, proc });
    });

    afterAll(async () => {
      await proc?.stop('SIGTERM', 5000);
      await t?.app.close();
      temp?.remove();
    });

    const get = (urlPath: string, opts: { headers?: Record<string, string>; servername?: string } = {}): Promise<Answer> =>
      withTimeout(
        new Promise<Answer>((resolve, reject) => {
          const req = https.get(
            {
              host: HOST,
              port: ports.https,
              path: urlPath,
              ca,
              servername: opts.servername ?? SITE,
              headers: { host: SITE, ...opts.headers },
              agent: false,
            },
            (res) => collect(res, resolve),
          );
          req.once('error', reject);
        }),
        10_000,
        `GET https://${SITE}${urlPath} through nginx`,
      );

    const getPlain = (urlPath: string): Promise<Answer> =>
      withTimeout(
        new Promise<Answer>((resolve, reject) => {
          http
            .get({ host: HOST, port: ports.http, path: urlPath, headers: { host: SITE }, agent: false }, (res) => collect(res, resolve))
            .once('error', reject);
        }),
        10_000,
        `GET http://${SITE}${urlPath} through nginx`,
      );

    it('serves every request from the live node, skipping the dead one, with one HSTS header', async () => {
      for (let i = 0; i < 6; i++) {
        const res = await get('/healthz');
        expect(res.status, `request ${i}: ${res.body}`).toBe(200);
        expect(JSON.parse(res.body)).toMatchObject({ ok: true });
        const hsts = res.rawHeaders.filter((_, j) => j % 2 === 0).filter((name) => name.toLowerCase() === 'strict-transport-security');
        expect(hsts).toHaveLength(1);
      }
      expect(proc!.log.toString()).toMatch(/connect\(\) failed \(111: Connection refused\)/);
    });

    it('carries the signaling WebSocket through to a node', async () => {
      // ws hands TLS options to tls.connect; its types leave out servername (the name for SNI).
      const options: WebSocket.ClientOptions & { servername: string } = {
        ca,
        servername: SITE,
        headers: { host: SITE, origin: PUBLIC_URL },
      };
      const ws = new WebSocket(`wss://${HOST}:${ports.https}/ws`, options);
      try {
        await withTimeout(
          new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)),
          10_000,
          'the WebSocket to open',
        );
        const pong = withTimeout(
          new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data))))),
          10_000,
          'a pong',
        );
        ws.send(JSON.stringify({ type: 'ping', t: 5 }));
        expect(await pong).toEqual({ type: 'pong', t: 5 });
      } finally {
        ws.close();
      }
    });

    it('passes the real client address, not one the client made up', async () => {
      const res = await get('/no-such-page?probe=forwarded', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(res.status).toBe(404);
      const line = t
        .logs()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { req?: { url?: string; remoteAddress?: string } })
        .find((l) => l.req?.url === '/no-such-page?probe=forwarded');
      expect(line?.req?.remoteAddress).toBe(HOST);
      expect(t.logs()).not.toContain('203.0.113.9');
    });

    it('answers /metrics itself, without asking a node', async () => {
      for (const p of ['/metrics', '/metrics?format=prometheus', '//metrics', '/%6Detrics']) {
        const res = await get(p);
        expect(res.status, p).toBe(404);
        // Every answer from Vestibule carries its security headers; nginx's own 404 has none.
        expect(res.headers['content-security-policy'], p).toBeUndefined();
      }
    });

    it('refuses TLS for a name that is not the site', async () => {
      const outcome = await withTimeout(
        new Promise<string>((resolve) => {
          const socket = tls.connect({ host: HOST, port: ports.https, servername: 'elsewhere.example', ca }, () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (e) => resolve(`refused: ${e.message}`));
        }),
        10_000,
        'the TLS handshake',
      );
      expect(outcome).toMatch(/^refused/);
    });

    it('redirects plain HTTP to the HTTPS site, except the ACME challenge', async () => {
      const res = await getPlain('/v/abc?x=1');
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(`https://${SITE}/v/abc?x=1`);
      const challenge = await getPlain('/.well-known/acme-challenge/token-123');
      expect(challenge.status).toBe(200);
      expect(challenge.body).toBe('token-123.thumbprint');
    });
  });
});

// --- compose.yaml ------------------------------------------------------------------------------

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] | string };
  command?: string[] | string;
  network_mode?: string;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  extra_hosts?: string[];
  stop_grace_period?: string;
}

const compose = parse(COMPOSE_TEXT, { merge: true }) as { services: Record<string, Service>; networks: Record<string, unknown> };
const services = compose.services;
const nodes = Object.entries(services).filter(([, s]) => s.build?.context === '..');
const env = (s: Service, name: string): string | undefined =>
  s.environment?.[name] === undefined ? undefined : String(s.environment[name]);

describe('deploy/compose.yaml', () => {
  it('has two Vestibule nodes built from the repository, and PostgreSQL, Redis, coturn and nginx', () => {
    expect(nodes.map(([name]) => name)).toEqual(['vestibule-1', 'vestibule-2']);
    for (const name of ['postgres', 'redis', 'coturn', 'nginx']) expect(services[name], name).toBeDefined();
    expect(services.postgres!.image).toMatch(/^postgres:16(\b|$)/);
    expect(services.redis!.image).toMatch(/^redis:7(\b|$)/);
  });

  it('gives every node the same database, Redis and secrets, a NODE_ID of its own, and trusts the proxy', () => {
    const shared = ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'LINK_SECRET', 'TURN_URLS', 'TURN_SECRET'];
    for (const [name, s] of nodes) {
      for (const v of [...shared, 'NODE_ID']) expect(env(s, v), `${name} ${v}`).toBeTruthy();
      expect(env(s, 'TRUST_PROXY'), name).toBe('1');
      expect(env(s, 'DATABASE_URL')).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env(s, 'REDIS_URL')).toMatch(/^redis:\/\/[^@]*@redis:6379$/);
      // Ready for traffic, not merely alive.
      expect(JSON.stringify(s.healthcheck?.test)).toContain('/readyz');
      expect(s.stop_grace_period, `${name} drains on SIGTERM`).toBeTruthy();
    }
    for (const v of shared) expect(new Set(nodes.map(([, s]) => env(s, v))).size, v).toBe(1);
    expect(new Set(nodes.map(([, s]) => env(s, 'NODE_ID'))).size).toBe(nodes.length);
  });

  it('keeps PostgreSQL on a volume, Redis without persistence, and both with health checks', () => {
    expect(services.postgres!.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(JSON.stringify(services.postgres!.healthcheck?.test)).toContain('pg_isready');
    expect(JSON.stringify(services.redis!.healthcheck?.test)).toContain('ping');
    const redisArgs = services.redis!.command as string[];
    expect(redisArgs.slice(redisArgs.indexOf('--save'), redisArgs.indexOf('--save') + 2)).toEqual(['--save', '']);
    expect(redisArgs.slice(redisArgs.indexOf('--appendonly'), redisArgs.indexOf('--appendonly') + 2)).toEqual(['--appendonly', 'no']);
    expect(services.redis!.volumes).toBeUndefined();
  });

  it('points nginx at the nodes by names that resolve even while a node is down', () => {
    const nginx = services.nginx!;
    expect(nginx.ports).toEqual(expect.arrayContaining(['80:80', '443:443']));
    expect(nginx.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(nginx.volumes?.some((v) => v.startsWith('./certs:'))).toBe(true);
    // The upstream block names exactly the nodes, on Vestibule's port.
    const upstream = /upstream vestibule \{([\s\S]*?)\n {2}\}/.exec(NGINX_CONF)?.[1] ?? '';
    const servers = [...upstream.matchAll(/^\s*server\s+(\S+?):(\d+)\b/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(servers).toEqual(nodes.map(([name]) => `${name}:8080`));
    // extra_hosts pins each name to the node's fixed address on the internal network.
    for (const [name, s] of nodes) {
      const address = (s.networks as Record<string, { ipv4_address?: string }>).app?.ipv4_address;
      expect(address, name).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(nginx.extra_hosts).toContain(`${name}:${address}`);
    }
  });

  it("runs coturn with the repository's coturn.conf and the TURN_SECRET from the env file", () => {
    const coturn = services.coturn!;
    expect(coturn.network_mode).toBe('host');
    const mount = coturn.volumes?.find((v) => v.startsWith('../coturn.conf:'));
    expect(mount).toBeDefined();
    const inside = mount!.split(':')[1]!;

    // Run the start script as the container would (compose turns $$ into $), against the real
    // coturn.conf, with `turnserver` replaced by `true`, and read the configuration it wrote.
    const temp = tempDir('vestibule-deploy-coturn-');
    try {
      const out = path.join(temp.path, 'turnserver.conf');
      const script = (coturn.command as string[])[0]!
        .replaceAll('$$', '$')
        .replaceAll(inside, new URL('../../coturn.conf', import.meta.url).pathname)
        .replaceAll('/tmp/turnserver.conf', out);
      expect(script).toContain('exec turnserver -c');
      const secret = 'a1'.repeat(32);
      const previous = 'b2'.repeat(32);
      execFileSync('/bin/sh', ['-c', script.replace('exec turnserver', 'exec true')], {
        env: { PATH: process.env.PATH, TURN_SECRET: secret, TURN_SECRET_PREVIOUS: previous },
        stdio: 'pipe',
      });
      const written = readFileSync(out, 'utf8');
      const options = written.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      expect(options.filter((l) => l.startsWith('static-auth-secret='))).toEqual([
        `static-auth-secret=${secret}`,
        `static-auth-secret=${previous}`,
      ]);
      expect(written).not.toContain('CHANGE_ME_to_the_value_of_TURN_SECRET');
      expect(options).not.toContain('syslog');
      expect(options).toContain('log-file=stdout');
      // The secret is in it: readable by coturn's user alone.
      expect(statSync(out).mode & 0o077).toBe(0);
    } finally {
      temp.remove();
    }
  });

  it('lists in .env.example every variable compose.yaml reads, and no other', () => {
    const used = new Set([...COMPOSE_TEXT.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
    const listed = new Set([...ENV_EXAMPLE.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([...used].sort());
    // Each secret says how to make one.
    for (const secret of ['LINK_SECRET', 'TURN_SECRET', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']) {
      const before = ENV_EXAMPLE.slice(0, ENV_EXAMPLE.search(new RegExp(`^${secret}=`, 'm')));
      const comment = before.split(/\n(?=[A-Z0-9_]+=)/).pop() ?? '';
      expect(comment, secret).toMatch(/openssl rand -(base64 48|hex 32)/);
    }
  });
});
