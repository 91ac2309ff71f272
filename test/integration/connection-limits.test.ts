// Connections held without limit: one address cannot hold more than its cap, and a connection that
// never completes its request (silent, slowloris, half-sent upgrade) is closed within seconds.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await t?.app.close();
});

async function port(): Promise<number> {
  await t!.app.listen({ port: 0, host: '127.0.0.1' });
  return (t!.app.server.address() as { port: number }).port;
}

/** When each socket closed, recorded from the moment it was opened (it may close before anyone asks). */
const closings = new WeakMap<Socket, Promise<void>>();

function open(p: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: p }, () => resolve(s));
    closings.set(s, new Promise<void>((done) => s.once('close', () => done())));
    // Flowing, so the server's FIN is read and 'close' follows (a paused socket never sees its end).
    s.resume();
    sockets.push(s);
    s.once('error', reject);
  });
}

const closed = (s: Socket) => closings.get(s)!;

/** Resolves with whether the server answered an HTTP request on this socket before closing it. */
function answered(s: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    s.once('data', () => resolve(true));
    s.once('close', () => resolve(false));
    s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
}

describe('connection limits', () => {
  it('an address holding its cap of connections has further ones closed at once', async () => {
    t = await testApp({ MAX_CONNECTIONS_PER_ADDRESS: '5' });
    const p = await port();
    const held = await Promise.all(Array.from({ length: 5 }, () => open(p)));
    expect(await answered(held[0]!)).toBe(true);
    const extra = await open(p);
    await closed(extra);
    // One of the five lets go: a new connection is served again.
    held[1]!.destroy();
    await closed(held[1]!);
    await expect.poll(async () => answered(await open(p)), { timeout: 5000 }).toBe(true);
  });

  // The upgrade rebuilds the TCP socket's 'close' listeners (forget-upgrade.ts): the cap's must survive.
  it('a WebSocket that closes gives its slot under the address cap back', async () => {
    t = await testApp({ MAX_CONNECTIONS_PER_ADDRESS: '2' });
    const p = await port();
    const openSocket = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${p}/ws`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const [first, second] = [await openSocket(), await openSocket()];
    const third = await open(p);
    await closed(third);
    const gone = new Promise((resolve) => first.once('close', resolve));
    first.terminate();
    await gone;
    await expect
      .poll(async () => answered(await open(p)), { timeout: 5000, message: 'a connection served after one WebSocket closed' })
      .toBe(true);
    second.terminate();
  });

  it('closes a connection that sends nothing, and one that never finishes its headers', async () => {
    t = await testApp({ HEADERS_TIMEOUT_MS: '300' });
    const p = await port();
    const silent = await open(p);
    const slow = await open(p);
    slow.write('GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n');
    await Promise.all([closed(silent), closed(slow)]);
    expect([silent.closed, slow.closed]).toEqual([true, true]);
  });

  it('a connection that started a request outlives the no-request timer, which closes only the silent one', async () => {
    t = await testApp({ HEADERS_TIMEOUT_MS: '300' });
    const p = await port();
    const [served, silent] = await Promise.all([open(p), open(p)]);
    expect(await answered(served)).toBe(true);
    // The silent connection's timer has run out: the served one's, started with it, was stopped.
    await closed(silent);
    expect(served.closed).toBe(false);
    expect(await answered(served)).toBe(true);
  });
});
