// Constants both sides need at run time. Kept apart from protocol.ts so the browser bundle does not
// pull in the schema library: the client imports protocol.ts for types only.
export const PROTOCOL_VERSION = 1;

/** Frames larger than this are refused with `frame_too_large` (an SDP with many codecs is ~10 KiB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The most participants one visit may have (provider included); more would overload a mesh. */
export const MAX_PARTICIPANTS = 6;

/** Links open this long before the appointment starts. */
export const EARLY_ENTRY_MS = 15 * 60 * 1000;

/** Longest chat message, in characters. */
export const MAX_CHAT_CHARS = 2000;

/** A waiting-room notice in the provider's own words: a sentence or two. */
export const MAX_NOTICE_CHARS = 200;

/** What one direction of a two-way video visit needs: the connection test's bar, and audio-first's. */
export const MIN_VIDEO_KBPS = 750;
/** Longest country or region a client writes (outside the listed US states and Canadian provinces). */
export const MAX_PLACE_CHARS = 100;

/** Longest address for emergencies a client gives before a visit. */
export const MAX_ADDRESS_CHARS = 300;

/** Longest telehealth consent text a practice sets. */
export const MAX_CONSENT_CHARS = 10_000;
