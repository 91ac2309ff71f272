// The signaling benchmark's reference: the least a server must do to carry the same exchange. A `ws`
// server that speaks just enough of the Vestibule protocol for the same load generator: a trivial
// hello (the token names the role, nothing is checked or stored), a roster so the provider sees the
// client waiting, `admit` answered with `admission` and `peer-joined`, and from then on every frame
// forwarded as is, unparsed, to the other participant of the visit. Run as its own process:
//   PORT=8081 node dist/bench/bare-relay.mjs
import { createServer } from 'node:http';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

interface Member {
  ws: WebSocket;
  id: string;
  role: 'provider' | 'client';
  admission: 'admitted' | 'waiting';
}

interface Visit {
  provider?: Member;
  client?: Member;
  /** Once set, frames are forwarded without being parsed. */
  inCall: boolean;
}

const visits = new Map<string, Visit>();
const send = (m: Member | undefined, msg: unknown) => m?.ws.send(JSON.stringify(msg));
const view = (m: Member) => ({ id: m.id, role: m.role, admission: m.admission });

function onHello(ws: WebSocket, msg: { appointmentId?: unknown; token?: unknown }): { visit: Visit; me: Member } | null {
  if (typeof msg.appointmentId !== 'string' || typeof msg.token !== 'string') return null;
  const role = msg.token.startsWith('provider') ? 'provider' : 'client';
  let visit = visits.get(msg.appointmentId);
  if (!visit) visits.set(msg.appointmentId, (visit = { inCall: false }));
  const me: Member = { ws, id: `${msg.appointmentId}-${role}`, role, admission: role === 'provider' ? 'admitted' : 'waiting' };
  visit[role] = me;
  send(me, { type: 'welcome', self: view(me) });
  const participants = [visit.provider, visit.client].filter((m): m is Member => !!m).map(view);
  send(visit.provider, { type: 'roster', participants });
  send(visit.client, { type: 'roster', participants });
  return { visit, me };
}

function onAdmit(visit: Visit) {
  const { provider, client } = visit;
  if (!provider || !client) return;
  client.admission = 'admitted';
  visit.inCall = true;
  send(client, { type: 'admission', admission: 'admitted', by: provider.id });
  send(client, { type: 'peer-joined', peerId: provider.id, session: provider.id, polite: true });
  send(provider, { type: 'peer-joined', peerId: client.id, session: client.id, polite: false });
}

const http = createServer((req, res) => {
  res.statusCode = req.url === '/healthz' ? 200 : 404;
  res.end();
});
const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 256 * 1024 });

wss.on('connection', (ws) => {
  let joined: { visit: Visit; me: Member } | null = null;
  ws.on('message', (data: RawData, isBinary) => {
    if (joined?.visit.inCall) {
      const other = joined.me.role === 'provider' ? joined.visit.client : joined.visit.provider;
      other?.ws.send(data as Buffer, { binary: isBinary });
      return;
    }
    let msg: { type?: unknown; appointmentId?: unknown; token?: unknown };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return ws.close(1003, 'bad json');
    }
    if (!joined) {
      if (msg.type !== 'hello' || !(joined = onHello(ws, msg))) ws.close(1008, 'hello first');
    } else if (msg.type === 'admit' && joined.me.role === 'provider') {
      onAdmit(joined.visit);
    }
  });
  ws.on('close', () => {
    if (!joined) return;
    const { visit, me } = joined;
    if (visit[me.role] === me) delete visit[me.role];
    if (!visit.provider && !visit.client) visits.delete(me.id.slice(0, me.id.lastIndexOf('-')));
  });
  ws.on('error', () => {});
});

http.listen(Number(process.env.PORT ?? 8081), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const ws of wss.clients) ws.terminate();
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
