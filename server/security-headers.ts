// Response headers for pages that handle health data, computed once from the configuration: no
// referrer, no framing, sources from this service only, and HTTPS-only once a browser has seen it.
import type { Config } from './config.js';

/**
 * The service's own origin as a WebSocket origin (wss://host for https, ws://host for http). CSP level 3
 * lets 'self' cover it, but older Safari does not, so connect-src names it explicitly, and nothing wider:
 * `ws: wss:` would let an injected script open a socket to any host.
 */
export function socketOrigin(publicUrl: string): string {
  const u = new URL(publicUrl);
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
}

export function securityHeaders(config: Pick<Config, 'publicUrl'>): Readonly<Record<string, string>> {
  const https = new URL(config.publicUrl).protocol === 'https:';
  const csp = [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets a script from 'self' compile WebAssembly (the background effects'
    // segmentation model, served from /assets/); it allows no eval() or new Function() of text.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${socketOrigin(config.publicUrl)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
  return Object.freeze({
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), fullscreen=(self)',
    'content-security-policy': csp,
    // Only over HTTPS: a browser ignores it on plain HTTP, and sending it for localhost would be wrong.
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  });
}
