// Vestibule signaling protocol, version 1. Prose description: docs/protocol.md.
//
// Every frame is one JSON object with a `type`. The schemas below are the single source of truth:
// the server validates each inbound frame against ClientMessage before acting on it, and the
// TypeScript types are derived from the same schemas so the two cannot drift apart.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

import {
  MAX_ADDRESS_CHARS,
  MAX_CHAT_CHARS,
  MAX_CONSENT_CHARS,
  MAX_FRAME_BYTES,
  MAX_NOTICE_CHARS,
  MAX_PLACE_CHARS,
  PROTOCOL_VERSION,
} from './constants.js';

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

/**
 * Why a camera that is on sends no picture: the sender's connection is too weak for video (audio first),
 * or their background effect is not ready (starting, or unable to run here) and the raw camera must not
 * go out instead.
 */
export const VideoPaused = Type.Union([Type.Literal('weak-connection'), Type.Literal('background')]);
export type VideoPaused = Static<typeof VideoPaused>;

export const MediaState = Type.Object({
  audio: Type.Boolean(),
  video: Type.Boolean(),
  screen: Type.Boolean(),
  /** Set while the camera or microphone cannot be opened, so the provider sees it in the waiting room at once. */
  problem: Type.Optional(MediaProblem),
  /** Set while the camera is on but its picture is held back, so others see why instead of a black tile. */
  videoPaused: Type.Optional(VideoPaused),
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

/** Text a person wrote: no control characters (line breaks allowed only where `multiline`). */
const PersonText = (maxLength: number, multiline = false) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: multiline ? '^[^\\u0000-\\u0009\\u000B-\\u001F\\u007F]*$' : '^[^\\u0000-\\u001F\\u007F]*$',
  });

export const ClientMessage = Type.Union([
  /** First frame on every socket. The link token travels here, never in a URL the server sees. */
  message('hello', {
    version: Type.Integer({ minimum: 1 }),
    appointmentId: Id,
    token: Type.String({ minLength: 10, maxLength: 4096 }),
  }),
  message('ready', { ready: Type.Boolean() }),
  /** `withoutLocation`: the provider confirmed admitting a client who has not said where they are. */
  message('admit', { participantId: Id, withoutLocation: Type.Optional(Type.Literal(true)) }),
  message('remove', { participantId: Id }),
  message('signal', {
    to: Id,
    description: Type.Optional(SessionDescription),
    candidate: Type.Optional(Type.Union([IceCandidate, Type.Null()])),
  }),
  message('test-summary', { summary: TestSummary }),
  /** What this participant is sending right now, so others can show "camera off" instead of black. */
  message('media-state', {
    audio: Type.Boolean(),
    video: Type.Boolean(),
    screen: Type.Boolean(),
    problem: Type.Optional(MediaProblem),
    videoPaused: Type.Optional(VideoPaused),
  }),
  /** Chat is relayed, never stored. 'waiting': the provider and everyone waiting; 'call': everyone admitted. */
  message('chat', { channel: ChatChannel, text: Type.String({ minLength: 1, maxLength: MAX_CHAT_CHARS }) }),
  /** Provider only: turn off a participant's microphone or camera. Only they can turn it back on. */
  message('moderate', { participantId: Id, action: ModerationAction }),
  /** Provider only: end the session for everyone, or open it again within the appointment's window. */
  message('end-session', {}),
  message('restart-session', {}),
  /** Provider only: show everyone waiting a notice (null takes it down). Never stored, never logged. */
  message('waiting-notice', { notice: Type.Union([WaitingNotice, Type.Null()]) }),
  /** Provider only: whether each participant's video pauses by itself when their connection is too weak for it. */
  message('audio-first', { on: Type.Boolean() }),
  /**
   * Client only, when the practice asks: where they are now ("US" and "US-NY", or a country and region
   * in their own words), an address for emergencies if they wish, and the consent version they agreed to.
   */
  message('location', {
    country: PersonText(MAX_PLACE_CHARS),
    region: PersonText(MAX_PLACE_CHARS),
    emergencyAddress: Type.Optional(PersonText(MAX_ADDRESS_CHARS, true)),
    consentVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
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

/**
 * A client's stated location as their visit's provider sees it (only the provider: other clients never
 * get it). `stated: false` while the practice asks and the client has not answered yet.
 */
export const LocationView = Type.Union([
  Type.Object({ stated: Type.Literal(false) }),
  Type.Object({
    stated: Type.Literal(true),
    country: Type.String(),
    region: Type.String(),
    /** Outside the regions the practice lists for this visit's therapist (false when none are listed). */
    outsideLicence: Type.Boolean(),
    emergencyAddress: Type.Union([Type.String(), Type.Null()]),
    consentVersion: Type.Union([Type.Integer(), Type.Null()]),
    at: Type.Number(),
  }),
]);
export type LocationView = Static<typeof LocationView>;

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
  /** For the provider, when the practice asks clients where they are. */
  location: Type.Optional(LocationView),
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
  Type.Literal('location_required'),
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
    /** Whether video pauses by itself on a connection too weak for it (on unless the provider turned it off for the visit). */
    audioFirst: Type.Boolean(),
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
  /** The provider turned the automatic video pause on or off for the visit (sent to everyone connected). */
  message('audio-first', { on: Type.Boolean(), by: Id }),
  /**
   * To a client, right after `welcome`, when the practice asks where they are before the visit: the
   * consent text to agree to when it is due (null when not), and whether they already said it this visit.
   */
  message('location-request', {
    consent: Type.Union([Type.Object({ text: Type.String({ maxLength: MAX_CONSENT_CHARS }), version: Type.Integer() }), Type.Null()]),
    stated: Type.Boolean(),
  }),
  message('pong', { t: Type.Number() }),
  message('error', {
    code: ErrorCode,
    message: Type.String(),
    /** For `link_too_early`: when the link starts to work (ms since epoch). */
    opensAt: Type.Optional(Type.Number()),
    /** For `link_too_early`: when the appointment starts (ms since epoch) and the provider's display name. */
    startsAt: Type.Optional(Type.Number()),
    providerName: Type.Optional(Type.String({ maxLength: 200 })),
    /** For `rate_limited` frames: how long to wait before the next frame will be accepted. */
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
    /** True when the server will close the socket after this frame. */
    fatal: Type.Optional(Type.Boolean()),
  }),
]);
export type ServerMessage = Static<typeof ServerMessage>;

export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
export type ClientMessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
