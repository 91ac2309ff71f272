// The Node HTTP server under Fastify, with the limits a public service needs: connections that
// never finish their request headers are closed within seconds (slowloris, half-sent upgrades), and
// one address cannot hold more than its share of open connections.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpLimits {
  /** Open connections from one address; 0 turns the cap off (behind a proxy every client shares its address). */
  connectionsPerAddress: number;
  /** A request's headers must arrive within this; a silent connection is closed after it. */
  headersTimeoutMs: number;
  /** A whole request (the connection test's uploads included) must arrive within this. */
  requestTimeoutMs: number;
}

export function httpServerFactory(limits: HttpLimits): (handler: RequestListener) => Server {
  return (handler) => {
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        // How often Node checks the two timeouts above (its default, 30 s, lets sockets linger).
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
        keepAliveTimeout: 5000,
      },
      handler as (req: IncomingMessage, res: ServerResponse) => void,
    );
    trackConnections(server, limits);
    return server;
  };
}

// Each connection's own state is kept on the socket under a symbol, and the listeners are shared: a
// visit's WebSocket lives an hour, and a closure (or a once() wrapper) per socket for its whole life
// was a cost paid by every participant. So is each 'close' listener past the second: Node then grows
// the socket's listener array to room for 19 (~150 bytes), so one listener does all the work here.
const kAddress = Symbol('address counted against the cap');
const kUnserved = Symbol('closes the connection unless a request starts');
type TrackedSocket = Socket & { [kAddress]?: string; [kUnserved]?: NodeJS.Timeout | undefined };

/**
 * Two limits on every connection:
 * - one address cannot hold more than its share of open connections (`connectionsPerAddress`, 0: off);
 * - Node times out half-sent headers only sometimes (its periodic check) and never a connection that
 *   sends nothing, so every connection must have started a request (or an upgrade) within
 *   `headersTimeoutMs`, or it is closed. After that, Node's own request and keep-alive timeouts, and
 *   the WebSocket's hello timeout, take over; the timer goes as soon as a request starts.
 */
function trackConnections(server: Server, limits: HttpLimits): void {
  const cap = limits.connectionsPerAddress;
  const open = new Map<string, number>();
  function closed(this: TrackedSocket): void {
    stopUnservedTimer(this);
    const address = this[kAddress];
    if (address === undefined) return;
    const left = (open.get(address) ?? 1) - 1;
    if (left <= 0) open.delete(address);
    else open.set(address, left);
  }
  server.on('connection', (socket: TrackedSocket) => {
    if (cap > 0) {
      const address = socket.remoteAddress ?? 'unknown';
      const n = (open.get(address) ?? 0) + 1;
      if (n > cap) {
        socket.destroy();
        return;
      }
      open.set(address, n);
      socket[kAddress] = address;
    }
    socket[kUnserved] = setTimeout(closeUnserved, limits.headersTimeoutMs, socket);
    socket.on('close', closed);
  });
  const served = (req: IncomingMessage) => {
    const socket = req.socket as TrackedSocket | null;
    if (socket?.[kUnserved]) stopUnservedTimer(socket);
  };
  server.on('request', served);
  server.on('upgrade', served);
}

function closeUnserved(socket: TrackedSocket): void {
  socket[kUnserved] = undefined;
  socket.destroy();
}

function stopUnservedTimer(socket: TrackedSocket): void {
  clearTimeout(socket[kUnserved]);
  socket[kUnserved] = undefined;
}
