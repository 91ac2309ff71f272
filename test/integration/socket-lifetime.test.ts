// What a signaling socket holds on to for its (hour-long) life, over a real TCP connection: not the
// HTTP request that upgraded it; and a protocol error on it is the client's, said once at info.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createVisit, type TestApp, testApp } from '../support/app.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let t: TestApp | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  await t?.app.close();
});

/** A real socket to /ws that has said hello with a valid link, resolved on the server's welcome. */
async function joined(app: TestApp['app'], port: number): Promise<WebSocket> {
  const v = await createVisit(app);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: app.vestibule.config.publicUrl });
  clients.push(ws);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no welcome within 5 s')), 5000);
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', version: 1, appointmentId: v.appointmentId, token: v.providerToken })));
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).type !== 'welcome') return;
      clearTimeout(timer);
      resolve();
    });
  });
  return ws;
}

async function listening(): Promise<number> {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as { port: number }).port;
}

describe('a signaling socket over TCP', () => {
  it('lets go of the HTTP request that upgraded it once the session owns the socket', async () => {
    const port = await listening();
    const upgrades: WeakRef<IncomingMessage>[] = [];
    t!.app.server.prependListener('upgrade', (req: IncomingMessage) => upgrades.push(new WeakRef(req)));
    await joined(t!.app, port);
    expect(upgrades).toHaveLength(1);
    // Collected once nothing holds it: give finalisation a few turns of the event loop.
    for (let i = 0; i < 10 && upgrades[0]!.deref() !== undefined; i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    expect(upgrades[0]!.deref(), 'the upgrade request is still reachable from the open socket').toBeUndefined();
  });

  it('treats a protocol error as the client’s: one info line, the socket dropped, the server fine', async () => {
    const port = await listening();
    const ws = await joined(t!.app, port);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }); // a text frame that is not UTF-8
    await closed;
    const lines = t!
      .logs()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; code?: string });
    const said = lines.filter((l) => l.msg === 'websocket protocol error; socket dropped');
    expect(said).toEqual([expect.objectContaining({ level: 30, code: 'WS_ERR_INVALID_UTF8' })]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    await joined(t!.app, port); // still serving
  });
});
