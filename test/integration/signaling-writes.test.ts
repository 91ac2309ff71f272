// A newcomer's welcome and the roster that follows it reach their socket in one write, and an
// admission's three frames (introductions, the news, the roster) in one more: the server batches
// what it writes to a socket in one turn (write-batch.ts). Counted on the server's side of a real
// TCP connection.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVisit, type TestApp, testApp } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

let t: TestApp | undefined;
afterEach(async () => t?.app.close());

/** Counts each accepted connection's calls that hand data to the operating system. */
function countWrites(app: TestApp['app']): Socket[] {
  const accepted: Socket[] = [];
  app.server.on('connection', (socket: Socket & { writes?: number }) => {
    socket.writes = 0;
    const internal = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const write = internal._write.bind(socket);
    const writev = internal._writev.bind(socket);
    internal._write = (...a) => {
      socket.writes! += 1;
      write(...a);
    };
    internal._writev = (...a) => {
      socket.writes! += 1;
      writev(...a);
    };
    accepted.push(socket);
  });
  return accepted;
}

const writesOf = (s: Socket | undefined) => (s as (Socket & { writes?: number }) | undefined)?.writes;

describe('writes to a signaling socket', () => {
  it('a join and an admission each reach the client in one write', async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const accepted = countWrites(t.app);
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken, { real: true });
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
    await client.next(isType('roster'));
    const clientSocket = accepted[1];
    // The upgrade's 101 response, then the welcome and the roster together.
    expect(client.frames.map((m) => m.type).slice(0, 2)).toEqual(['welcome', 'roster']);
    expect(writesOf(clientSocket)).toBe(2);

    provider.send({ type: 'admit', participantId: v.clientId });
    await client.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.admission === 'admitted')));
    expect(client.frames.slice(2).map((m) => m.type)).toEqual(['peer-joined', 'admission', 'roster']);
    expect(writesOf(clientSocket)).toBe(3);
    provider.close();
    client.close();
  });
});
