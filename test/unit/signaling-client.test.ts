// The page's side of signaling, with a fake socket and fake timers: hello carries the token, the
// heartbeat notices a dead server and reconnects, and final errors stop reconnecting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalingClient } from '../../client/transport/signaling.js';
import type { ServerMessage, ServerMessageOf } from '../../shared/protocol.js';

class FakeSocket {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  closed = false;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const welcome = (heartbeatMs = 1000): ServerMessageOf<'welcome'> => ({
  type: 'welcome',
  version: 1,
  self: {
    id: 'c1',
    role: 'client',
    displayName: 'X',
    admission: 'waiting',
    online: true,
    waitingSince: 0,
    ready: false,
    testSummary: null,
    media: null,
  },
  appointment: { id: 'a1', title: 'T', startsAt: 0, endsAt: 1, providerName: 'P', endedAt: null },
  iceServers: [],
  iceTransportPolicy: 'all',
  heartbeatMs,
  startWith: { audio: true, video: true },
  audioFirst: true,
});

let sockets: FakeSocket[];
let lines: string[];
let client: SignalingClient;

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  lines = [];
  client = new SignalingClient({
    url: 'ws://x/ws',
    appointmentId: 'a1',
    token: 'token-123456789',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s as unknown as WebSocket;
    },
    log: (l) => lines.push(l),
  });
});
afterEach(() => vi.useRealTimers());

describe('SignalingClient', () => {
  it('says hello with the token once the socket opens, and logs each state change as old -> new', () => {
    client.start();
    sockets[0]!.open();
    expect(sockets[0]!.sent[0]).toEqual({ type: 'hello', version: 1, appointmentId: 'a1', token: 'token-123456789' });
    sockets[0]!.receive(welcome());
    expect(client.state).toBe('connected');
    expect(lines).toEqual(['connection idle -> connecting', 'connection connecting -> connected']);
  });

  it('pings, and reconnects when no pong comes back for two intervals', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(welcome(1000));
    vi.advanceTimersByTime(500);
    expect(sockets[0]!.sent.some((m) => m.type === 'ping')).toBe(true);
    vi.advanceTimersByTime(2100);
    expect(sockets[0]!.closed).toBe(true);
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(300);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.sent[0]).toMatchObject({ type: 'hello' });
  });

  it('stays connected while pongs arrive', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(welcome(1000));
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(500);
      sockets[0]!.receive({ type: 'pong', t: 0 });
    }
    expect(client.state).toBe('connected');
    expect(sockets).toHaveLength(1);
  });

  it('reconnects with backoff after a dropped connection', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(welcome());
    sockets[0]!.drop(1006);
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(2);
    expect(sockets).toHaveLength(2);
  });

  it('does not reconnect after a final error or a final close code', () => {
    const fatal = vi.fn();
    client.on('fatal', fatal);
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'error', code: 'link_expired', message: 'expired', fatal: true });
    sockets[0]!.drop(4000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.state).toBe('closed');
    expect(fatal).toHaveBeenCalledWith({ code: 'link_expired', message: 'expired' });
  });
});
