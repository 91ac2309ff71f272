// A visit's socket lives as long as the visit. @fastify/websocket keeps the upgrade's HTTP request and
// reply alive all that time: its 'error' listener closes over both, and the TCP socket still points at
// the reply (and so at the request, its headers and its logger). Measured with a heap snapshot of 4,000
// idle participants, that was about 2.5 KB each, a quarter of what one costs. The session handles its
// socket's errors itself (socket-session.ts), so both can go as soon as the socket is ours.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export function forgetUpgrade(socket: WebSocket, request: IncomingMessage): void {
  socket.removeAllListeners('error');
  // (app.injectWS hands over a request with no TCP socket: nothing to let go of there.)
  const tcp = request.socket as (Socket & { _httpMessage?: ServerResponse | null }) | undefined;
  if (tcp?._httpMessage) tcp._httpMessage.detachSocket(tcp);
  if (tcp) compactCloseListeners(tcp);
}

/**
 * A listener array that grows gets room to spare (V8 adds half again plus 16) and never shrinks. The
 * upgrade's short-lived response added a third 'close' listener just as ws added its own, so every
 * WebSocket's TCP socket kept room for 19 listeners (176 bytes in a heap snapshot) to hold two.
 * Adding the same ones again, in order, gives an array of exactly their number.
 */
function compactCloseListeners(tcp: Socket): void {
  const listeners = tcp.rawListeners('close') as ((...args: unknown[]) => void)[];
  // One by one: removeAllListeners deletes the key, which turns the socket's _events object into a
  // dictionary (~0.5 KB); removeListener leaves the slot undefined, as streams keep their shape.
  for (const listener of listeners) tcp.removeListener('close', listener);
  for (const listener of listeners) tcp.on('close', listener);
}
