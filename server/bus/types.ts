// The bus between Vestibule nodes. Each node keeps a replica of every visit it has people in; a node
// that changes a visit publishes the change so the other replicas follow, and a frame for someone
// connected elsewhere is delivered to the node that holds their socket. One process needs none of
// it (LocalBus); several share Redis (RedisBus). The hub is written once against this interface.
import type { MediaState, ServerMessage, ServerMessageOf, TestSummary, WaitingNotice } from '../../shared/protocol.js';
import type { Appointment, Participant } from '../store/appointments.js';

/** Where a participant's socket lives: which node, and which connection of theirs (a new one per connect). */
export interface Presence {
  participantId: string;
  node: string;
  session: string;
}

/** A change to a visit's replicated state. */
export type VisitEvent =
  | { kind: 'online'; presence: Presence }
  | { kind: 'offline'; presence: Presence }
  | { kind: 'participant'; participant: Participant }
  | { kind: 'media'; participantId: string; media: MediaState | null }
  | { kind: 'summary'; participantId: string; summary: TestSummary }
  | { kind: 'appointment'; appointment: Appointment }
  /**
   * The notice and the automatic video pause are told as frames too. `told`: the participants on other
   * nodes the node that took the change sent its frame to; each node sends it to its own sockets not
   * among them (someone who joined there a moment ago, before that node knew). An earlier release
   * leaves `told` out, having told everyone it knew itself.
   */
  | { kind: 'notice'; notice: PostedNotice | null; told?: string[] }
  | { kind: 'audio-first'; on: boolean; by?: string; told?: string[] }
  /**
   * A chat message, relayed and forgotten. The writer's node sends it to every reader it knows of, on
   * other nodes through theirs (`told`); each node sends it to its own readers not among them: someone
   * who joined there a moment ago, before the writer's node heard of them. An earlier release sends no
   * such event, having sent the message to everyone it knew itself.
   */
  | { kind: 'chat'; chat: ServerMessageOf<'chat'>; told: string[] }
  /**
   * The provider ended the session: every page is told, and clients are sent out. As with chat, each
   * other node tells its own sockets the provider's node did not (`told`): a client who joined there a
   * moment ago would otherwise wait on in the waiting room of an ended session.
   */
  | { kind: 'session-ended'; by: string; told: string[] }
  /** A client stated where they are: other nodes read it from the store (the address never crosses the bus). */
  | { kind: 'location'; participantId: string };

/** The provider's waiting-room notice and when it went up. */
export interface PostedNotice {
  notice: WaitingNotice;
  at: number;
}

/** What the shared state says of a visit when a node starts holding it. */
export interface SharedVisitState {
  presence: Presence[];
  media: Record<string, MediaState>;
  summaries: Record<string, TestSummary>;
  notice: PostedNotice | null;
  /** Whether video pauses by itself on a weak connection (the provider may turn it off for the visit). */
  audioFirst: boolean;
}

/**
 * A frame serialised once, by the node that sends it: the node holding the socket writes it as it is.
 * Either its text, or its UTF-8 bytes after an ASCII head: a relayed signal's new opening and the rest
 * of what its sender wrote (forwarded-signal.ts), or a frame read from the bus (head '').
 */
export type SerializedFrame = { type: ServerMessage['type']; text: string } | { type: ServerMessage['type']; head: string; bytes: Buffer };

/** A frame, or a request to close, for one connection held by another node. */
export type Delivery =
  | { appointmentId: string; participantId: string; session: string; frame: SerializedFrame }
  | { appointmentId: string; participantId: string; session: string; close: { code: number; reason: string } };

export interface BusListener {
  /** Another node changed a visit this node holds. */
  onVisitEvent(appointmentId: string, event: VisitEvent): void;
  /** Another node sends a frame (or a close) to a connection this node holds. */
  onDelivery(delivery: Delivery): void;
  /** The bus came back after an outage: republish what this node holds, the shared state may be gone. */
  onReconnected(): void;
}

export interface VisitBus {
  readonly nodeId: string;
  /** Whether other nodes may exist (false: skip the work of keeping replicas in step). */
  readonly shared: boolean;
  listen(listener: BusListener): void;
  /** Starts following a visit: resolves once its changes are being received. */
  follow(appointmentId: string): Promise<void>;
  /** The visit's shared state, for a replica that is starting (read it after follow(), so nothing falls between). */
  sharedState(appointmentId: string): Promise<SharedVisitState>;
  /** This node holds nobody in the visit any more. */
  unfollow(appointmentId: string): void;
  publish(appointmentId: string, event: VisitEvent): void;
  deliver(node: string, delivery: Delivery): void;
  /** Nodes, among those named, that are still alive (a node that died stops renewing its mark). */
  aliveNodes(nodes: string[]): Promise<Set<string>>;
  /** Answers PING (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
