// Infrastructure as one plugin: the store, link tokens, waiting room and signaling hub, decorated onto
// the app so every route module reaches the same instances. Closing the app closes the database.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { LinkTokens } from '../links/link-tokens.js';
import { VestibuleMetrics } from '../metrics.js';
import { type Lifecycle, Readiness } from '../readiness.js';
import type { Secrets } from '../secrets.js';
import { SignalingHub } from '../signaling/hub.js';
import { SignalingGuard } from '../signaling/signaling-guard.js';
import { MemoryWindowCounter } from '../signaling/window-counter.js';
import { AppointmentStore } from '../store/appointments.js';
import type { Database } from '../store/db.js';
import { turnIceServers } from '../turn/credentials.js';
import { WaitingRoom } from '../waiting-room/waiting-room.js';

export interface Services {
  config: Config;
  secrets: Secrets;
  database: Database;
  store: AppointmentStore;
  links: LinkTokens;
  waitingRoom: WaitingRoom;
  hub: SignalingHub;
  signalingGuard: SignalingGuard;
  /** Prometheus counters and gauges (server/metrics.ts): frameIn, frameOut, error, rateLimited, … */
  metrics: VestibuleMetrics;
  /** Set `draining = true` on SIGTERM: /readyz then answers 503 'draining'. */
  lifecycle: Lifecycle;
  /** What /readyz checks; register a check per dependency with readiness.add({ name, check }). */
  readiness: Readiness;
}

declare module 'fastify' {
  interface FastifyInstance {
    vestibule: Services;
  }
}

export default fp<{ config: Config; secrets: Secrets; database: Database }>(
  async (app: FastifyInstance, { config, secrets, database }) => {
    const metrics = new VestibuleMetrics();
    const store = new AppointmentStore(database.db);
    const links = new LinkTokens(secrets.linkKey, database.db);
    const waitingRoom = new WaitingRoom(store, app.log.child({ module: 'waiting-room' }));
    const turn = config.turn && {
      urls: config.turn.urls,
      secret: config.turn.secret ?? secrets.turnSecret,
      ...(config.turn.previousSecret ? { previousSecret: config.turn.previousSecret } : {}),
      maxTtlSeconds: config.turn.maxTtlSeconds,
    };
    const hub = new SignalingHub({
      store,
      waitingRoom,
      log: app.log.child({ module: 'signaling' }),
      heartbeatMs: config.heartbeatMs,
      iceTransportPolicy: config.iceTransportPolicy,
      providerMediaStartsOn: config.providerMediaStartsOn,
      iceServersFor: (participant, appointment) => [
        ...(config.stunUrls.length ? [{ urls: config.stunUrls }] : []),
        ...turnIceServers(turn, { participantId: participant.id, now: new Date(), notAfter: new Date(appointment.endsAt) }),
      ],
    });
    const signalingGuard = new SignalingGuard(config.signaling, new MemoryWindowCounter(60_000), new MemoryWindowCounter(60_000));
    const lifecycle: Lifecycle = { draining: false };
    const readiness = new Readiness(lifecycle, [{ name: 'database', check: () => database.ping() }]);
    app.decorate('vestibule', { config, secrets, database, store, links, waitingRoom, hub, signalingGuard, metrics, lifecycle, readiness });
    // Sockets first (clients will reconnect to the next instance), then the database.
    app.addHook('preClose', async () => hub.closeAll());
    app.addHook('onClose', async () => database.close());
  },
  { name: 'vestibule-services' },
);
