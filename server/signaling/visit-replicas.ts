// Keeps this node's replicas of visits in step with the other nodes: applies their changes, hands
// frames they send to this node's sockets, republishes after a bus outage, and notices nodes that
// died (their sockets' peers are told the person is reconnecting, not gone).
import { NODE_TTL_MS } from '../bus/redis-bus.js';
import type { BusListener, Delivery, Presence, VisitBus, VisitEvent } from '../bus/types.js';
import type { ServerMessage } from '../../shared/protocol.js';
import type { Connection, LiveVisit } from './live-visit.js';
import { mayUseChat } from './handlers/chat.js';
import { tellSessionEnded } from './handlers/session.js';
import { RemoteConnection } from './remote-connection.js';

export interface ReplicaHost {
  visit(appointmentId: string): LiveVisit | undefined;
  visits(): Iterable<LiveVisit>;
  broadcastRoster(visit: LiveVisit): void;
  /** Keeps a change for a visit still being loaded here; false when it is not being loaded. */
  holdIfLoading(appointmentId: string, event: VisitEvent): boolean;
  /** Tells this node's sockets in the visit that a peer's connection dropped (they may come back). */
  peerLost(visit: LiveVisit, presence: Presence): void;
  /** Introduces one of this node's admitted sockets again to its peers on other nodes (peer-joined). */
  reintroduce(visit: LiveVisit, conn: Connection): void;
  /** Drops one of this node's connections from the visit (it is being closed). */
  detach(conn: Connection): void;
  /** Reads a client's stated location from the store (another node saved it), then shows it. */
  refreshLocation(visit: LiveVisit, participantId: string): void;
}

const REAP_EVERY_MS = 2000;

export class VisitReplicas implements BusListener {
  private readonly reaper: NodeJS.Timeout | null;
  /** When the bus last came back after an outage (0: not yet). */
  private busBackAt = 0;

  constructor(
    private readonly bus: VisitBus,
    private readonly host: ReplicaHost,
  ) {
    bus.listen(this);
    this.reaper = bus.shared ? setInterval(() => void this.reapDeadNodes(), REAP_EVERY_MS) : null;
    this.reaper?.unref();
  }

  stop(): void {
    if (this.reaper) clearInterval(this.reaper);
  }

  /** Presence entries from the shared state, for a replica that is just starting. */
  remoteConnections(appointmentId: string, presence: Presence[]): RemoteConnection[] {
    return presence.filter((p) => p.node !== this.bus.nodeId).map((p) => new RemoteConnection(appointmentId, p, this.bus));
  }

  onVisitEvent(appointmentId: string, event: VisitEvent): void {
    const visit = this.host.visit(appointmentId);
    if (!visit) {
      this.host.holdIfLoading(appointmentId, event);
      return;
    }
    // This node alone says what becomes of its own sockets: another node that sends one of them out
    // also asks this node to close it, and the close is what removes it here.
    if ((event.kind === 'online' || event.kind === 'offline') && event.presence.node === this.bus.nodeId) {
      if (event.kind === 'offline') this.reassert(visit, event.presence);
      return;
    }
    switch (event.kind) {
      case 'online':
        visit.applyOnline(new RemoteConnection(appointmentId, event.presence, this.bus));
        break;
      case 'offline':
        visit.applyOffline(event.presence);
        break;
      case 'participant':
        visit.applyParticipant(event.participant);
        break;
      case 'appointment':
        visit.applyAppointment(event.appointment);
        break;
      case 'media':
        visit.applyMedia(event.participantId, event.media);
        break;
      case 'summary':
        visit.applySummary(event.participantId, event.summary);
        break;
      case 'location':
        this.host.refreshLocation(visit, event.participantId);
        return;
      case 'notice':
        // Kept for welcomes sent from here; the node that took it told those it knew (see VisitEvent).
        visit.applyNotice(event.notice);
        if (event.told)
          tellOwn(visit, event.told, { type: 'waiting-notice', notice: event.notice?.notice ?? null, at: event.notice?.at ?? Date.now() });
        return;
      case 'audio-first':
        visit.applyAudioFirst(event.on);
        if (event.told && event.by) tellOwn(visit, event.told, { type: 'audio-first', on: event.on, by: event.by });
        return;
      case 'session-ended':
        // Each client sent out is dropped from the visit, which tells everyone left here who is.
        for (const conn of visit.local()) if (!event.told.includes(conn.participantId)) tellSessionEnded(this.host, visit, conn, event.by);
        return;
      case 'chat':
        tellOwn(visit, event.told, event.chat, (id) => {
          const reader = visit.participant(id);
          return !!reader && mayUseChat(event.chat.channel, reader);
        });
        return;
    }
    this.host.broadcastRoster(visit);
  }

  onDelivery(d: Delivery): void {
    const conn = this.host.visit(d.appointmentId)?.connections.get(d.participantId);
    if (!conn || conn.node !== undefined || conn.session !== d.session) return;
    if ('frame' in d) conn.sendSerialized?.(d.frame);
    else conn.close(d.close.code, d.close.reason);
  }

  /** The shared state may be gone (Redis restarted): say again who is here and what they send. */
  onReconnected(): void {
    this.busBackAt = Date.now();
    for (const visit of this.host.visits()) for (const conn of visit.local()) this.republish(visit, conn);
  }

  /**
   * Another node took this one for dead (a pause longer than a mark's lifetime) and dropped one of its
   * sockets that is still here: say again that it is here, and introduce it again to the peers who
   * were told it was reconnecting, so their calls carry on.
   */
  private reassert(visit: LiveVisit, presence: Presence): void {
    const conn = visit.connections.get(presence.participantId);
    if (!conn || conn.node !== undefined || conn.session !== presence.session) return;
    this.republish(visit, conn);
    this.host.reintroduce(visit, conn);
  }

  private republish(visit: LiveVisit, conn: Connection): void {
    const id = conn.participantId;
    this.bus.publish(visit.appointment.id, {
      kind: 'online',
      presence: { participantId: id, node: this.bus.nodeId, session: conn.session },
    });
    const media = visit.media(id);
    if (media) this.bus.publish(visit.appointment.id, { kind: 'media', participantId: id, media });
    const summary = visit.summary(id);
    if (summary) this.bus.publish(visit.appointment.id, { kind: 'summary', participantId: id, summary });
  }

  private async reapDeadNodes(): Promise<void> {
    const remote = new Set<string>();
    for (const visit of this.host.visits()) for (const c of visit.connections.values()) if (c.node) remote.add(c.node);
    if (remote.size === 0) return;
    let alive: Set<string>;
    try {
      alive = await this.bus.aliveNodes([...remote]);
    } catch {
      return; // The bus is away: nobody can be judged dead now.
    }
    // Just after an outage the marks prove nothing: Redis may be back empty, and each node puts its
    // mark back only once it has reconnected too (a check queued during the outage answers first).
    if (Date.now() - this.busBackAt < NODE_TTL_MS) return;
    for (const visit of this.host.visits()) {
      for (const c of [...visit.connections.values()]) {
        if (!c.node || alive.has(c.node)) continue;
        const presence = { participantId: c.participantId, node: c.node, session: c.session };
        if (!visit.applyOffline(presence)) continue;
        // Clears the dead node's entry from the shared state too (every node may; it is idempotent).
        this.bus.publish(visit.appointment.id, { kind: 'offline', presence });
        this.host.peerLost(visit, presence);
        this.host.broadcastRoster(visit);
      }
    }
  }
}

/** Sends a change's frame to this node's sockets (those who may have it) the node that took the change did not reach. */
function tellOwn(visit: LiveVisit, told: string[], frame: ServerMessage, mayHave: (participantId: string) => boolean = () => true): void {
  for (const conn of visit.local()) if (!told.includes(conn.participantId) && mayHave(conn.participantId)) conn.send(frame);
}
