// One WebSocket from hello to close: size cap, JSON and schema validation, rate limit, hello with the
// link token, heartbeat. A bad frame gets an error frame back and never takes the server down. Frames
// of one socket are handled in order, even when a handler waits on the database.
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { type ClientMessage, type ErrorCode, PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol.js';
import type { SerializedFrame } from '../bus/types.js';
import type { LinkTokens } from '../links/link-tokens.js';
import { newId } from '../store/appointments.js';
import { parseFrame } from './frames.js';
import type { Connection, SignalingHub } from './hub.js';
import { TokenBucket } from './rate-limiter.js';
import type { SignalingGuard } from './signaling-guard.js';
import type { ClientErrorKind, VestibuleMetrics } from '../metrics.js';

export interface SocketDeps {
  hub: SignalingHub;
  links: LinkTokens;
  log: FastifyBaseLogger;
  metrics: VestibuleMetrics;
  guard: SignalingGuard;
  /** The client's address (from the proxy's header behind a trusted proxy). */
  address: string;
  heartbeatMs: number;
  helloTimeoutMs: number;
}

/** After this many refused frames in a row-ish, the socket is closed: a client that floods is broken. */
const MAX_STRIKES = 200;

export function runSocketSession(socket: WebSocket, deps: SocketDeps): void {
  const { hub, links } = deps;
  const log = deps.log.child({ session: newId(6) });
  const bucket = new TokenBucket(100, 50);
  let conn: Connection | null = null;
  let helloPending = false;
  let strikes = 0;
  let alive = true;
  /** The handler still running for this socket, if it waits on the database; later frames queue behind it. */
  let busy: Promise<void> | null = null;

  const { metrics } = deps;
  const send = (msg: ServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(msg));
    metrics.frameOut(msg.type);
    if (msg.type === 'error') metrics.error(msg.code);
  };
  // A frame from another node, already serialised there: parsing it again would only cost time.
  const sendSerialized = (frame: SerializedFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(frame.text);
    metrics.frameOut(frame.type);
  };
  const refuse = (code: ErrorCode, message: string, fatal = false): void => {
    send(fatal ? { type: 'error', code, message, fatal } : { type: 'error', code, message });
    if (fatal) socket.close(4000, code);
    else if (++strikes > MAX_STRIKES) socket.close(1008, 'too many bad frames');
  };
  const failed = (err: unknown): void => {
    // Our fault (e.g. the database is unreachable), not the client's: say so, keep the socket.
    log.error({ err: (err as Error)?.message }, 'frame handling failed');
    send({ type: 'error', code: 'internal', message: 'Something went wrong on our side; try again in a moment' });
  };

  const helloTimer = setTimeout(() => {
    if (!conn) refuse('hello_required', 'No hello received in time', true);
  }, deps.helloTimeoutMs);

  // Protocol errors (invalid UTF-8, an oversized frame, a broken close) are the client's doing:
  // counted and logged once at info, without a stack; the socket is dropped.
  socket.on('error', (error: Error & { code?: string }) => {
    metrics.clientError(error.code === 'WS_ERR_INVALID_UTF8' ? 'invalid_utf8' : 'socket_error');
    log.info({ code: error.code ?? 'unknown' }, 'websocket protocol error; socket dropped');
    socket.terminate();
  });

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

  const enqueue = (work: Promise<unknown>): void => {
    const tail: Promise<void> = work.then(() => {
      if (busy === tail) busy = null;
    });
    busy = tail;
  };
  const dispatch = (c: Connection, msg: ClientMessage): void => {
    if (busy) return enqueue(busy.then(() => runHandler(c, msg)));
    const pending = runHandler(c, msg);
    if (pending) enqueue(pending);
  };
  const runHandler = (c: Connection, msg: ClientMessage): Promise<void> | undefined => {
    try {
      const r = hub.handle(c, msg);
      return r ? r.catch(failed) : undefined;
    } catch (err) {
      failed(err);
      return undefined;
    }
  };

  const join = async (token: string, appointmentId: string): Promise<void> => {
    const check = await links.verify(token, appointmentId);
    if (socket.readyState !== socket.OPEN) return;
    if (!check.ok) {
      log.info({ code: check.code }, 'link refused');
      await deps.guard.helloRefused(deps.address);
      if (check.code === 'link_too_early') {
        send({
          type: 'error',
          code: check.code,
          message: 'This visit is not open yet',
          opensAt: check.opensAt,
          startsAt: check.startsAt,
          ...(check.providerName ? { providerName: check.providerName } : {}),
          fatal: true,
        });
        socket.close(4000, check.code);
      } else {
        refuse(check.code, LINK_MESSAGES[check.code], true);
      }
      return;
    }
    const { participantId, jti } = check.claims;
    if (!(await deps.guard.joinAllowed(participantId))) {
      log.info({ appointmentId, participantId }, 'join refused: too many joins with this link');
      metrics.rateLimited('link_joins');
      return refuse('rate_limited', 'This link was opened too many times in the last minute; wait a minute and try again', true);
    }
    clearTimeout(helloTimer);
    const candidate: Connection = {
      session: newId(9),
      participantId,
      appointmentId,
      jti,
      send,
      sendSerialized,
      close: (c, r) => socket.close(c, r),
    };
    conn = candidate;
    let attached: Awaited<ReturnType<SignalingHub['attach']>>;
    try {
      attached = await hub.attach(candidate);
    } catch (err) {
      hub.detach(candidate);
      conn = null;
      throw err;
    }
    if (!attached.ok) {
      conn = null;
      log.info({ appointmentId, participantId, code: attached.code }, 'join refused');
      return refuse(attached.code, attached.message, true);
    }
    // The socket may have closed while we waited on the store.
    if (socket.readyState !== socket.OPEN) return void hub.detach(candidate);
    log.info({ appointmentId, participantId }, 'joined');
  };

  socket.on('message', (data, isBinary) => {
    try {
      if (!bucket.take()) {
        metrics.rateLimited('ws_frames');
        if (++strikes > MAX_STRIKES) return void socket.close(1008, 'too many refused frames');
        return send({ type: 'error', code: 'rate_limited', message: 'Too many messages; slow down', retryAfterMs: bucket.msUntilNext() });
      }
      const parsed = parseFrame(data as Buffer, isBinary);
      if (!parsed.ok) {
        metrics.clientError(isBinary ? 'binary_frame' : (parsed.code as ClientErrorKind));
        return refuse(parsed.code, parsed.message);
      }
      const msg = parsed.message;
      metrics.frameIn(msg.type);
      if (conn) return dispatch(conn, msg);
      // A ping needs no link: the connection test measures the signaling round trip with it.
      if (msg.type === 'ping') return send({ type: 'pong', t: msg.t });
      if (msg.type !== 'hello') return refuse('hello_required', 'Send hello first');
      if (helloPending) return;
      helloPending = true;
      if (msg.version !== PROTOCOL_VERSION) {
        return refuse('unsupported_version', `This server speaks protocol version ${PROTOCOL_VERSION}; reload the page`, true);
      }
      join(msg.token, msg.appointmentId).catch((err: unknown) => {
        log.error({ err: (err as Error)?.message }, 'hello failed');
        refuse('internal', 'Something went wrong on our side; try again', true);
      });
    } catch (err) {
      failed(err);
    }
  });

  socket.on('close', (code: number) => {
    clearTimeout(helloTimer);
    clearInterval(heartbeat);
    if (conn) {
      log.info({ appointmentId: conn.appointmentId, participantId: conn.participantId, code }, 'disconnected');
      // A page that closes its socket (leave, tab closed) sends 1000 or 1001; anything else is a
      // dropped connection, and the peers keep their call while the page reconnects.
      hub.detach(conn, code === 1000 || code === 1001 ? 'left' : 'lost');
    }
  });
}

const LINK_MESSAGES = {
  link_invalid: 'This link is not valid',
  link_expired: 'This link has expired',
  link_revoked: 'This link has been withdrawn',
  link_wrong_appointment: 'This link belongs to a different appointment',
  visit_cancelled: 'This visit was cancelled',
} as const;
