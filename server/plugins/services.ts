// Infrastructure as one plugin: the store, link tokens, waiting room and signaling hub, decorated onto
// the app so every route module reaches the same instances. Closing the app closes the database.
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { LocalBus } from '../bus/local-bus.js';
import { RedisBus } from '../bus/redis-bus.js';
import { countingConnection, RedisWindowCounter } from '../bus/redis-window-counter.js';
import type { VisitBus } from '../bus/types.js';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { LinkTokens } from '../links/link-tokens.js';
import { MailService } from '../mail/mail-service.js';
import { VestibuleMetrics } from '../metrics.js';
import { type Lifecycle, Readiness } from '../readiness.js';
import type { Secrets } from '../secrets.js';
import { SignalingHub } from '../signaling/hub.js';
import { SIGNALING_WINDOW_MS, SignalingGuard } from '../signaling/signaling-guard.js';
import { RevocationWatcher } from '../signaling/revocation-watcher.js';
import { MemoryWindowCounter, type WindowCounter } from '../signaling/window-counter.js';
import { AppointmentStore } from '../store/appointments.js';
import type { Database } from '../store/db.js';
import { VisitLocationStore } from '../store/visit-locations.js';
import { type PracticeServices, practiceServices } from '../practice/services.js';
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
  bus: VisitBus;
  /** Shared counters and rate limits between nodes; null in one process. */
  redis: Redis | null;
  /** Prometheus counters and gauges (server/metrics.ts): frameIn, frameOut, error, rateLimited, … */
  metrics: VestibuleMetrics;
  /** Set `draining = true` on SIGTERM: /readyz then answers 503 'draining'. */
  lifecycle: Lifecycle;
  /** What /readyz checks; register a check per dependency with readiness.add({ name, check }). */
  readiness: Readiness;
  /** The practice's stores, sign-in and appointment events, shared by the dashboard's API and the others. */
  practice: PracticeServices;
  /** Email: the outbox, delivery over SMTP, reminders; `mail.onFailed(listener)` for messages that finally failed. */
  mail: MailService;
  /** A counter of hits per key and window: in Redis with several nodes, so a limit holds across them; on the service's clock. */
  windowCounter(name: string, windowMs: number): WindowCounter;
}

declare module 'fastify' {
  interface FastifyInstance {
    vestibule: Services;
  }
}

export default fp<{ config: Config; secrets: Secrets; database: Database; now?: (() => number) | undefined }>(
  async (app: FastifyInstance, { config, secrets, database, now }) => {
    const metrics = new VestibuleMetrics();
    const store = new AppointmentStore(database.db, database.engine);
    const links = new LinkTokens(secrets.linkKey, database.db);
    const waitingRoom = new WaitingRoom(store, app.log.child({ module: 'waiting-room' }));
    const turn = config.turn && {
      urls: config.turn.urls,
      secret: config.turn.secret ?? secrets.turnSecret,
      ...(config.turn.previousSecret ? { previousSecret: config.turn.previousSecret } : {}),
      maxTtlSeconds: config.turn.maxTtlSeconds,
    };
    const log = app.log.child({ module: 'bus', node: config.nodeId });
    const redis = config.redisUrl ? countingConnection(config.redisUrl) : null;
    redis?.on('error', (err: Error) => log.warn({ err }, 'redis error'));
    let bus: VisitBus;
    if (config.redisUrl) {
      const redisBus = new RedisBus(config.redisUrl, config.nodeId, log);
      await redisBus.ready();
      bus = redisBus;
    } else {
      bus = new LocalBus(config.nodeId);
    }
    const hub = new SignalingHub({
      bus,
      store,
      locations: new VisitLocationStore(database.db),
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
    const clock = now ?? Date.now;
    const windowCounter = (name: string, windowMs: number): WindowCounter =>
      redis ? new RedisWindowCounter(redis, name, windowMs, clock) : new MemoryWindowCounter(windowMs, clock);
    const counter = (name: string) => windowCounter(name, SIGNALING_WINDOW_MS);
    const signalingGuard = new SignalingGuard(config.signaling, counter('bad-hellos'), counter('joins'), counter('upgrades'));
    const revocations = new RevocationWatcher(links, hub, app.log.child({ module: 'revocations' }));
    metrics.setVisitGauges(() => hub.gauges());
    const lifecycle: Lifecycle = { draining: false };
    const readiness = new Readiness(lifecycle, [{ name: 'database', check: () => database.ping() }]);
    if (redis) readiness.add({ name: 'redis', check: async () => void (await bus.ping()) });
    const practice = practiceServices({
      db: database.db,
      config,
      appointments: store,
      links,
      log: app.log.child({ module: 'practice' }),
      ...(now ? { now } : {}),
    });
    const mail = new MailService(practice, config.mail, app.log.child({ module: 'mail' }), hub);
    mail.start();
    app.decorate('vestibule', {
      config,
      secrets,
      database,
      store,
      links,
      waitingRoom,
      hub,
      signalingGuard,
      bus,
      redis,
      metrics,
      lifecycle,
      readiness,
      practice,
      mail,
      windowCounter,
    });
    // Sockets first (clients will reconnect to the next instance), then the database.
    app.addHook('onClose', async () => {
      revocations.stop();
      await mail.stop();
      await hub.settle();
      await bus.close();
      redis?.disconnect();
      await database.close();
    });
  },
  { name: 'vestibule-services' },
);
