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
}
