// One visit as a node holds it while anyone is connected to it: the appointment and its participants,
// loaded once when the first person joins and written through on every change, so relaying a frame
// never waits on the database; the short-lived state nobody stores (media, test summaries); and who
// is connected where. Every change made here is passed to `sync`, which tells the other nodes.
import type { LocationView, MediaState, ServerMessage, ServerMessageOf, TestSummary } from '../../shared/protocol.js';
import type { PostedNotice, Presence, SerializedFrame, VisitEvent } from '../bus/types.js';
import type { Appointment, Participant } from '../store/appointments.js';
import type { ForwardedSignal } from './forwarded-signal.js';
import { KeyedList } from './keyed-list.js';
import { NO_CHECKS, type StatedLocation, type VisitChecks } from '../store/visit-locations.js';

export interface Connection {
  /** Changes every time a participant connects: peers use it to drop stale peer connections. */
  readonly session: string;
  readonly participantId: string;
  readonly appointmentId: string;
  /** The node holding the socket when it is another one; undefined for this node's own sockets. */
  readonly node?: string;
  /** The link the participant joined with (this node's sockets only): revoking it disconnects them. */
  readonly jti?: string;
  send(msg: ServerMessage): void;
  /** Writes a frame another node has already serialised (this node's sockets only). */
  sendSerialized?(frame: SerializedFrame): void;
  /** Relays a signal as its sender wrote it (forwarded-signal.ts). */
  forward(signal: ForwardedSignal): void;
  close(code: number, reason: string): void;
}

/**
 * What one participant reported or stated that the visit keeps: their media, their connection test's
 * summary, and (clients) where they are, from the store: the emergency address never crosses the bus.
 */
interface Reported {
  media?: MediaState | undefined;
  summary?: TestSummary | undefined;
  location?: StatedLocation | undefined;
}

const connectionKey = (c: Connection) => c.participantId;
const participantKey = (p: Participant) => p.id;

export class LiveVisit {
  /** Each connected participant's connection, on this node or another, by participant id. */
  readonly connections = new KeyedList<Connection>(connectionKey);
  /** Everyone on the appointment, in order, by id. */
  private readonly people: KeyedList<Participant>;
  /**
   * One map for everything reported, made on the first report: thousands of visits are live at once,
   * and an empty Map costs ~200 bytes (three of them per visit were a tenth of an idle participant's heap).
   */
  private reported: Map<string, Reported> | null = null;
  private noticeValue: PostedNotice | null = null;
  private audioFirstValue = true;
  /** What the practice asks of this visit's clients, as it was when the visit was loaded here. */
  checks: VisitChecks = NO_CHECKS;

  constructor(
    public appointment: Appointment,
    participants: Participant[],
    private readonly sync: (event: VisitEvent) => void,
  ) {
    this.people = new KeyedList(participantKey, participants);
  }

  /** The practice's checks and the locations stated so far, as read from the store. */
  applyChecks(checks: VisitChecks, locations: StatedLocation[]): void {
    this.checks = checks;
    for (const r of this.reported?.values() ?? []) r.location = undefined;
    for (const l of locations) this.reportOf(l.participantId).location = l;
  }

  location(id: string): StatedLocation | undefined {
    return this.reported?.get(id)?.location;
  }

  /** The participant's record of what they reported, made on first use. */
  private reportOf(id: string): Reported {
    this.reported ??= new Map();
    let r = this.reported.get(id);
    if (!r) this.reported.set(id, (r = {}));
    return r;
  }

  private forgetMedia(id: string): void {
    const r = this.reported?.get(id);
    if (r) r.media = undefined;
  }

  /** Whether this client still has to say where they are before they can be ready or admitted. */
  locationMissing(p: Participant): boolean {
    return p.role === 'client' && this.checks.askLocation && (!this.location(p.id) || this.consentDue(p.id) !== null);
  }

  /** The consent version this client must agree to now, or null when none is due. */
  consentDue(id: string): number | null {
    const { consent, consentedBefore } = this.checks;
    if (!consent) return null;
    if (this.location(id)?.consentVersion === consent.version) return null;
    return !consent.everyVisit && consentedBefore.has(id) ? null : consent.version;
  }

  /** The location as the provider sees it next to the client's name; undefined when nothing is asked. */
  locationView(p: Participant): LocationView | undefined {
    if (p.role !== 'client' || !this.checks.askLocation) return undefined;
    const l = this.location(p.id);
    if (!l) return { stated: false };
    const { consent, licensedRegions } = this.checks;
    const onFile = consent && this.consentDue(p.id) === null ? consent.version : null;
    return {
      stated: true,
      country: l.country,
      region: l.region,
      outsideLicence: licensedRegions.length > 0 && !licensedRegions.includes(l.region),
      emergencyAddress: l.emergencyAddress,
      consentVersion: l.consentVersion ?? onFile,
      at: l.statedAt,
    };
  }

  participant(id: string): Participant | undefined {
    return this.people.get(id);
  }

  /** Everyone on the appointment, in the order they were added (a snapshot: later changes make a new array). */
  participants(): readonly Participant[] {
    return this.people.values();
  }

  provider(): Participant | undefined {
    for (const p of this.people.values()) if (p.role === 'provider') return p;
    return undefined;
  }

  summary(id: string): TestSummary | undefined {
    return this.reported?.get(id)?.summary;
  }

  media(id: string): MediaState | undefined {
    return this.reported?.get(id)?.media;
  }

  /** The provider's notice to those waiting, if one is up. */
  get notice(): PostedNotice | null {
    return this.noticeValue;
  }

  /** Whether video pauses by itself on a weak connection; the provider may turn it off for the visit. */
  get audioFirst(): boolean {
    return this.audioFirstValue;
  }

  /** This node's own sockets in the visit. */
  local(): Connection[] {
    return this.connections.values().filter((c) => c.node === undefined);
  }

  /** Connected and admitted, on any node: the people in the call. */
  admittedConnections(): Connection[] {
    return this.connections.values().filter((c) => this.participant(c.participantId)?.admission === 'admitted');
  }

  // Changes made on this node: applied, then passed on.

  update(p: Participant): void {
    this.people.put(p);
    this.sync({ kind: 'participant', participant: p });
  }

  setEndedAt(endedAt: number | null): void {
    this.appointment = { ...this.appointment, endedAt };
    this.sync({ kind: 'appointment', appointment: this.appointment });
  }

  setMedia(id: string, media: MediaState | null): void {
    this.applyMedia(id, media);
    this.sync({ kind: 'media', participantId: id, media });
  }

  setSummary(id: string, summary: TestSummary): void {
    this.applySummary(id, summary);
    this.sync({ kind: 'summary', participantId: id, summary });
  }

  setLocation(l: StatedLocation): void {
    this.applyLocation(l);
    this.sync({ kind: 'location', participantId: l.participantId });
  }

  /** `framed`: the change's frame goes to everyone connected (the notice handler); false when none does. */
  setNotice(notice: PostedNotice | null, framed = true): void {
    this.noticeValue = notice;
    this.sync(framed ? { kind: 'notice', notice, told: this.remoteIds() } : { kind: 'notice', notice });
  }

  setAudioFirst(on: boolean, by: string): void {
    this.audioFirstValue = on;
    this.sync({ kind: 'audio-first', on, by, told: this.remoteIds() });
  }

  /** A chat message written here, sent already to its readers; `told`: those of them on other nodes. */
  shareChat(chat: ServerMessageOf<'chat'>, told: string[]): void {
    this.sync({ kind: 'chat', chat, told });
  }

  /** The session was ended here by `by` and its pages told; `told`: those of them on other nodes. */
  shareSessionEnd(by: string, told: string[]): void {
    this.sync({ kind: 'session-ended', by, told });
  }

  /** Who this node reaches on other nodes now: those the frame of a change made here goes to. */
  private remoteIds(): string[] {
    return this.connections
      .values()
      .filter((c) => c.node !== undefined)
      .map((c) => c.participantId);
  }

  connect(conn: Connection, presence: Presence): void {
    this.connections.put(conn);
    this.sync({ kind: 'online', presence });
  }

  /** Removes `conn` if it is still the participant's current connection; returns whether it was. */
  disconnect(conn: Connection, presence: Presence): boolean {
    if (this.connections.get(conn.participantId) !== conn) return false;
    this.connections.delete(conn.participantId);
    this.forgetMedia(conn.participantId);
    this.sync({ kind: 'offline', presence });
    return true;
  }

  /** The participants' rows reloaded from the store (a newcomer was added after the visit was loaded). */
  replaceAll(participants: Participant[]): void {
    this.people.replaceAll(participants);
  }

  // Changes another node made: applied without passing them on again.

  applyParticipant(p: Participant): void {
    this.people.put(p);
  }

  applyAppointment(a: Appointment): void {
    this.appointment = a;
  }

  applyMedia(id: string, media: MediaState | null): void {
    if (media) this.reportOf(id).media = media;
    else this.forgetMedia(id);
  }

  applySummary(id: string, summary: TestSummary): void {
    this.reportOf(id).summary = summary;
  }

  applyLocation(l: StatedLocation): void {
    this.reportOf(l.participantId).location = l;
  }

  applyNotice(notice: PostedNotice | null): void {
    this.noticeValue = notice;
  }

  applyAudioFirst(on: boolean): void {
    this.audioFirstValue = on;
  }

  /** Another node's connection for a participant: replaces whatever this replica had for them. */
  applyOnline(conn: Connection): Connection | undefined {
    return this.connections.put(conn);
  }

  /** A connection went away on another node; ignored when the participant has since connected anew. */
  applyOffline(presence: Presence): Connection | undefined {
    const current = this.connections.get(presence.participantId);
    if (!current || current.session !== presence.session) return undefined;
    this.connections.delete(presence.participantId);
    this.forgetMedia(presence.participantId);
    return current;
  }
}
