// One WebSocket from hello to close: size cap, JSON and schema validation, rate limit, hello with the
// link token, heartbeat. A bad frame gets an error frame back and never takes the server down.
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ErrorCode, type ServerMessage } from '../../shared/protocol.js';
import type { LinkTokens } from '../links/link-tokens.js';
import { newId, type AppointmentStore } from '../store/appointments.js';
import { parseFrame } from './frames.js';
import type { Connection, SignalingHub } from './hub.js';
import { TokenBucket } from './rate-limiter.js';

export interface SocketDeps {
  hub: SignalingHub;
  links: LinkTokens;
  store: AppointmentStore;
  log: FastifyBaseLogger;
  heartbeatMs: number;
}

const HELLO_TIMEOUT_MS = 15_000;
/** After this many refused frames in a row-ish, the socket is closed: a client that floods is broken. */
const MAX_STRIKES = 200;

export function runSocketSession(socket: WebSocket, deps: SocketDeps): void {
  const { hub, links, store } = deps;
  const log = deps.log.child({ session: newId(6) });
  const bucket = new TokenBucket(100, 50);
  let conn: Connection | null = null;
  let helloPending = false;
  let strikes = 0;
  let alive = true;

  const send = (msg: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };
  const refuse = (code: ErrorCode, message: string, fatal = false): void => {
    send(fatal ? { type: 'error', code, message, fatal } : { type: 'error', code, message });
    if (fatal) socket.close(4000, code);
    else if (++strikes > MAX_STRIKES) socket.close(1008, 'too many bad frames');
  };

  const helloTimer = setTimeout(() => {
    if (!conn) refuse('hello_required', 'No hello received in time', true);
  }, HELLO_TIMEOUT_MS);

  // Server -> client heartbeat: a socket that did not answer the previous ping is dead.
  socket.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) {
      log.info('heartbeat missed, dropping socket');
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, deps.heartbeatMs);

  socket.on('message', (data, isBinary) => {
    try {
      if (!bucket.take()) return refuse('rate_limited', 'Too many messages; slow down');
      const parsed = parseFrame(data as Buffer, isBinary);
      if (!parsed.ok) return refuse(parsed.code, parsed.message);
      const msg = parsed.message;
      if (conn) return hub.handle(conn, msg);
      // A ping needs no link: the connection test measures the signaling round trip with it.
      if (msg.type === 'ping') return send({ type: 'pong', t: msg.t });
      if (msg.type !== 'hello') return refuse('hello_required', 'Send hello first');
      if (helloPending) return;
      helloPending = true;
      if (msg.version !== PROTOCOL_VERSION) {
        return refuse('unsupported_version', `This server speaks protocol version ${PROTOCOL_VERSION}; reload the page`, true);
      }
      void links.verify(msg.token, msg.appointmentId).then(
        (check) => {
          if (socket.readyState !== socket.OPEN) return;
          if (!check.ok) {
            log.info({ code: check.code }, 'link refused');
            if (check.code === 'link_too_early') {
              send({ type: 'error', code: check.code, message: 'This visit is not open yet', opensAt: check.opensAt, fatal: true });
              socket.close(4000, check.code);
            } else {
              refuse(check.code, LINK_MESSAGES[check.code], true);
            }
            return;
          }
          const { participantId, appointmentId } = check.claims;
          if (!store.participant(participantId) || !store.appointment(appointmentId)) {
            return refuse('link_invalid', LINK_MESSAGES.link_invalid, true);
          }
          clearTimeout(helloTimer);
          conn = { session: newId(9), participantId, appointmentId, send, close: (c, r) => socket.close(c, r) };
          const attached = hub.attach(conn);
          if (!attached.ok) {
            conn = null;
            log.info({ appointmentId, participantId, code: attached.code }, 'join refused');
            return refuse(attached.code, attached.message, true);
          }
          log.info({ appointmentId, participantId }, 'joined');
        },
        (err: unknown) => {
          log.error({ err }, 'hello failed');
          refuse('internal', 'Something went wrong on our side; try again', true);
        },
      );
    } catch (err) {
      log.error({ err }, 'frame handling failed');
      refuse('internal', 'Something went wrong handling that message');
    }
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    clearInterval(heartbeat);
    if (conn) {
      log.info({ appointmentId: conn.appointmentId, participantId: conn.participantId }, 'disconnected');
      hub.detach(conn);
    }
  });
  socket.on('error', (err) => log.warn({ err: err.message }, 'socket error'));
}

const LINK_MESSAGES = {
  link_invalid: 'This link is not valid',
  link_expired: 'This link has expired',
  link_revoked: 'This link has been withdrawn',
  link_wrong_appointment: 'This link belongs to a different appointment',
} as const;
