// PeerJS's signaling server (the `peer` package, 1.0.2), as the issue measured it beside the bare
// relay: its own protocol, spoken by the load generator through protocols.ts. Run as its own process:
//   PORT=9000 node dist/bench/peerjs-server.mjs
import { PeerServer } from 'peer';

const server = PeerServer({
  port: Number(process.env.PORT ?? 9000),
  host: '127.0.0.1',
  path: '/',
  // Its default of 5,000 open sockets is under the 10,400 of the largest run.
  concurrent_limit: 1_000_000,
  // The load generator sends no HEARTBEAT; PeerJS would drop its sockets after 90 s idle.
  alive_timeout: 3_600_000,
});
server.on('error', () => {});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
