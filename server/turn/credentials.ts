// Time-limited TURN credentials (the "TURN REST API" scheme that coturn implements with
// `use-auth-secret`): Vestibule and coturn share a secret and never talk to each other.
//   username   = "<unix expiry seconds>:<participant id>"
//   credential = base64(HMAC-SHA1(secret, username))
// coturn recomputes the HMAC and refuses the username once its expiry has passed.
//
// Secret rotation: Vestibule always signs with `secret` (the new one). `previousSecret` is
// only recorded so the rotation window is visible in logs; during that window coturn must
// accept BOTH secrets (coturn 4.6 accepts several `static-auth-secret` lines, or several rows
// in its database's turn_secret table), until every credential signed with the old secret
// has expired (at most maxTtlSeconds after the switch). See docs/turn.md.
import { createHmac } from 'node:crypto';

export interface TurnConfig {
  urls: string[];
  secret: string;
  previousSecret?: string;
  maxTtlSeconds: number;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Shortest credential we hand out, even when the appointment has already ended. */
const MIN_TTL_SECONDS = 60;

/** base64(HMAC-SHA1(secret, username)), as coturn computes it for `use-auth-secret`. */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username, 'utf8').digest('base64');
}

/**
 * ICE servers for one participant: time-limited TURN REST credentials.
 * Expiry = min(now + maxTtlSeconds, notAfter), but never less than a short minimum, so a
 * participant who joins at (or after) the scheduled end still gets a usable credential.
 * Expiry limits when a credential can START a relay (Allocate): coturn 4.6 does not tear down
 * an allocation it already granted when the credential expires. A new allocation later (ICE
 * restart, network change) needs fresh credentials from Vestibule.
 */
export function turnIceServers(cfg: TurnConfig | null, opts: { participantId: string; now: Date; notAfter: Date }): IceServer[] {
  if (!cfg || cfg.urls.length === 0) return [];
  if (!Number.isInteger(cfg.maxTtlSeconds) || cfg.maxTtlSeconds <= 0) {
    throw new Error(`TURN maxTtlSeconds must be a positive whole number, got ${cfg.maxTtlSeconds}`);
  }
  if (opts.participantId === '' || /[\s\p{Cc}]/u.test(opts.participantId)) {
    throw new Error('TURN participantId must be non-empty and free of spaces and control characters');
  }

  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  const endSeconds = Math.floor(opts.notAfter.getTime() / 1000);
  const minExpiry = nowSeconds + Math.min(MIN_TTL_SECONDS, cfg.maxTtlSeconds);
  const expiry = Math.max(Math.min(nowSeconds + cfg.maxTtlSeconds, endSeconds), minExpiry);

  const username = `${expiry}:${opts.participantId}`;
  return [{ urls: [...cfg.urls], username, credential: turnCredential(cfg.secret, username) }];
}

// turn:/turns: URI as in RFC 7065: host (name, IPv4 or [IPv6]), optional port, optional
// ?transport=udp|tcp. No user info: credentials never belong in the URL.
const TURN_URL = /^turns?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(?:udp|tcp))?$/;

/** Splits a comma-separated TURN_URLS value; throws on the first entry that is not a TURN URL. */
export function parseTurnUrls(csv: string): string[] {
  const urls = csv
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const url of urls) {
    const match = TURN_URL.exec(url);
    const port = match?.[1] === undefined ? undefined : Number(match[1]);
    if (!match || (port !== undefined && (port < 1 || port > 65535))) {
      throw new Error(
        `TURN_URLS entry "${url}" is not a TURN URL: expected turn: or turns: then HOST[:PORT], optionally ?transport=udp or ?transport=tcp`,
      );
    }
  }
  return urls;
}

export interface TurnConfigSummary {
  enabled: boolean;
  urlCount: number;
  urls: string[];
  maxTtlSeconds?: number;
  rotatingSecret?: boolean;
}

/** A log-safe view of the TURN configuration: never includes a secret. */
export function describeTurnConfig(cfg: TurnConfig | null): TurnConfigSummary {
  if (!cfg || cfg.urls.length === 0) return { enabled: false, urlCount: 0, urls: [] };
  return {
    enabled: true,
    urlCount: cfg.urls.length,
    urls: [...cfg.urls], // public anyway: every participant receives them
    maxTtlSeconds: cfg.maxTtlSeconds,
    rotatingSecret: cfg.previousSecret !== undefined && cfg.previousSecret !== '',
  };
}
