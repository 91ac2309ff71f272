// Vestibule signaling protocol, version 1. Prose description: docs/protocol.md.
//
// Every frame is one JSON object with a `type`. The schemas below are the single source of truth:
// the server validates each inbound frame against ClientMessage before acting on it, and the
// TypeScript types are derived from the same schemas so the two cannot drift apart.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

import { MAX_CHAT_CHARS, MAX_FRAME_BYTES, MAX_NOTICE_CHARS, PROTOCOL_VERSION } from './constants.js';

export { MAX_CHAT_CHARS, MAX_FRAME_BYTES, MAX_NOTICE_CHARS, PROTOCOL_VERSION };

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const Role = Type.Union([Type.Literal('provider'), Type.Literal('client')]);
export type Role = Static<typeof Role>;

/** Where a participant stands in the waiting room. See server/waiting-room/state-machine.ts. */
export const Admission = Type.Union([Type.Literal('invited'), Type.Literal('waiting'), Type.Literal('admitted'), Type.Literal('removed')]);
export type Admission = Static<typeof Admission>;

const SessionDescription = Type.Object(
  {
    type: Type.Union([Type.Literal('offer'), Type.Literal('answer'), Type.Literal('rollback')]),
    sdp: Type.String({ maxLength: MAX_FRAME_BYTES }),
  },
  { additionalProperties: false },
);

const IceCandidate = Type.Object(
  {
    candidate: Type.String({ maxLength: 2048 }),
    sdpMid: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    sdpMLineIndex: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 64 }), Type.Null()])),
    usernameFragment: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** A one-line summary of a connection test, shown to the provider next to a waiting client. */
export const TestSummary = Type.Object(
  {
    verdict: Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')]),
    text: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type TestSummary = Static<typeof TestSummary>;

function message<T extends string, P extends Record<string, TSchema>>(type: T, props: P) {
  return Type.Object({ type: Type.Literal(type), ...props }, { additionalProperties: false });
}

// ---- client -> server ------------------------------------------------------------------------

export const ChatChannel = Type.Union([Type.Literal('waiting'), Type.Literal('call')]);
export type ChatChannel = Static<typeof ChatChannel>;

export const ModerationAction = Type.Union([Type.Literal('mute-audio'), Type.Literal('stop-video')]);
export type ModerationAction = Static<typeof ModerationAction>;

/** Why the camera or microphone could not be opened (the page's own diagnosis), e.g. 'denied'. */
export const MediaProblem = Type.Union([
  Type.Literal('denied'),
  Type.Literal('in-use'),
  Type.Literal('not-found'),
  Type.Literal('insecure'),
  Type.Literal('unsupported'),
  Type.Literal('other'),
]);
export type MediaProblem = Static<typeof MediaProblem>;

export const MediaState = Type.Object({
  audio: Type.Boolean(),
  video: Type.Boolean(),
  screen: Type.Boolean(),
  /** Set while the camera or microphone cannot be opened, so the provider sees it in the waiting room at once. */
  problem: Type.Optional(MediaProblem),
});
export type MediaState = Static<typeof MediaState>;

/**
 * What the provider tells everyone waiting, e.g. that they are running late: a number of minutes (each
 * page words it in its own language) or their own words.
 */
export const WaitingNotice = Type.Union([
  Type.Object(
    { kind: Type.Literal('minutes'), minutes: Type.Union([Type.Literal(5), Type.Literal(10), Type.Literal(15)]) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('text'), text: Type.String({ minLength: 1, maxLength: MAX_NOTICE_CHARS }) },
    { additionalProperties: false },
  ),
]);
export type WaitingNotice = Static<typeof WaitingNotice>;

export const ClientMessage = Type.Union([
  /** First frame on every socket. The link token travels here, never in a URL the server sees. */
  message('hello', {
    version: Type.Integer({ minimum: 1 }),
    appointmentId: Id,
    token: Type.String({ minLength: 10, maxLength: 4096 }),
  }),
  message('ready', { ready: Type.Boolean() }),
  message('admit', { participantId: Id }),
  message('remove', { participantId: Id }),
  message('signal', {
    to: Id,
    description: Type.Optional(SessionDescription),
    candidate: Type.Optional(Type.Union([IceCandidate, Type.Null()])),
  }),
  message('test-summary', { summary: TestSummary }),
  /** What this participant is sending right now, so others can show "camera off" instead of black. */
  message('media-state', { audio: Type.Boolean(), video: Type.Boolean(), screen: Type.Boolean(), problem: Type.Optional(MediaProblem) }),
  /** Chat is relayed, never stored. 'waiting': the provider and everyone waiting; 'call': everyone admitted. */
  message('chat', { channel: ChatChannel, text: Type.String({ minLength: 1, maxLength: MAX_CHAT_CHARS }) }),
  /** Provider only: turn off a participant's microphone or camera. Only they can turn it back on. */
  message('moderate', { participantId: Id, action: ModerationAction }),
  /** Provider only: end the session for everyone, or open it again within the appointment's window. */
  message('end-session', {}),
  message('restart-session', {}),
  /** Provider only: show everyone waiting a notice (null takes it down). Never stored, never logged. */
  message('waiting-notice', { notice: Type.Union([WaitingNotice, Type.Null()]) }),
  message('ping', { t: Type.Number() }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

// ---- server -> client ------------------------------------------------------------------------

export const IceServer = Type.Object({
  urls: Type.Union([Type.String(), Type.Array(Type.String())]),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type IceServer = Static<typeof IceServer>;

export const ParticipantView = Type.Object({
  id: Id,
  role: Role,
  displayName: Type.String(),
  admission: Admission,
  online: Type.Boolean(),
  /** ms since epoch when this participant (re)entered the waiting room; null when not waiting. */
  waitingSince: Type.Union([Type.Number(), Type.Null()]),
  ready: Type.Boolean(),
  testSummary: Type.Union([TestSummary, Type.Null()]),
  /** Last media state the participant reported (null until they report one). */
  media: Type.Union([MediaState, Type.Null()]),
});
export type ParticipantView = Static<typeof ParticipantView>;

export const AppointmentView = Type.Object({
  id: Id,
  title: Type.String(),
  startsAt: Type.Number(),
  endsAt: Type.Number(),
  providerName: Type.String(),
  /** Set while the provider has ended the session (they may start it again before endsAt). */
  endedAt: Type.Union([Type.Number(), Type.Null()]),
});
export type AppointmentView = Static<typeof AppointmentView>;

export const ErrorCode = Type.Union([
  Type.Literal('bad_json'),
  Type.Literal('bad_frame'),
  Type.Literal('frame_too_large'),
  Type.Literal('rate_limited'),
  Type.Literal('hello_required'),
  Type.Literal('unsupported_version'),
  Type.Literal('link_invalid'),
  Type.Literal('link_too_early'),
  Type.Literal('link_expired'),
  Type.Literal('link_revoked'),
  Type.Literal('link_wrong_appointment'),
  Type.Literal('visit_cancelled'),
  Type.Literal('not_admitted'),
  Type.Literal('forbidden'),
  Type.Literal('unknown_participant'),
  Type.Literal('invalid_transition'),
  Type.Literal('replaced'),
  Type.Literal('session_ended'),
  Type.Literal('visit_full'),
  Type.Literal('internal'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

export const ServerMessage = Type.Union([
  message('welcome', {
    version: Type.Literal(PROTOCOL_VERSION),
    self: ParticipantView,
    appointment: AppointmentView,
    iceServers: Type.Array(IceServer),
    /** 'relay' when the operator sends all media through the TURN relay. */
    iceTransportPolicy: Type.Union([Type.Literal('all'), Type.Literal('relay')]),
    heartbeatMs: Type.Integer(),
    /** Whether camera and microphone start on (a practice setting for providers; always on for clients). */
    startWith: Type.Object({ audio: Type.Boolean(), video: Type.Boolean() }),
  }),
  /** Everyone this participant may see: the provider sees all; a client sees the provider and admitted peers. */
  message('roster', { participants: Type.Array(ParticipantView) }),
  /** This participant's own admission changed (admitted by the provider, removed, …). */
  message('admission', { admission: Admission, by: Type.Optional(Id) }),
  /** Start (or restart) a peer connection with `peerId`. `session` changes when the peer reconnects. */
  message('peer-joined', { peerId: Id, session: Id, polite: Type.Boolean() }),
  /**
   * The peer's connection `session` ended. With `reconnecting`, it dropped (network, a server going
   * away) and they are expected back: keep a working peer connection until they are re-introduced.
   */
  message('peer-left', { peerId: Id, session: Id, reconnecting: Type.Optional(Type.Literal(true)) }),
  message('signal', {
    from: Id,
    session: Id,
    description: Type.Optional(SessionDescription),
    candidate: Type.Optional(Type.Union([IceCandidate, Type.Null()])),
  }),
  message('chat', {
    channel: ChatChannel,
    from: Id,
    fromName: Type.String(),
    text: Type.String(),
    at: Type.Number(),
  }),
  /** The provider turned off your microphone or camera. */
  message('moderated', { action: ModerationAction, by: Id, byName: Type.String() }),
  /** The provider ended the session for everyone. Clients are disconnected after this frame. */
  message('session-ended', { by: Id }),
  /** The provider started the session again: the provider sees the waiting room as before. */
  message('session-restarted', {}),
  /** The provider's notice for those waiting (also sent on joining while one is up); null: taken down. */
  message('waiting-notice', { notice: Type.Union([WaitingNotice, Type.Null()]), at: Type.Number() }),
  message('pong', { t: Type.Number() }),
  message('error', {
    code: ErrorCode,
    message: Type.String(),
    /** For `link_too_early`: when the link starts to work (ms since epoch). */
    opensAt: Type.Optional(Type.Number()),
    /** For `rate_limited` frames: how long to wait before the next frame will be accepted. */
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
    /** True when the server will close the socket after this frame. */
    fatal: Type.Optional(Type.Boolean()),
  }),
]);
export type ServerMessage = Static<typeof ServerMessage>;

export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
export type ClientMessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
