// One delivery attempt: a POST signed as Standard Webhooks says (webhook-id, webhook-timestamp,
// webhook-signature), with a time limit, no redirects followed, the answer's body ignored. What is
// recorded of the result is a status or an error code, never the URL or the answer.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { WebhookSettings } from '../../config.js';
import type { AttemptResult } from '../../store/webhooks.js';
import { guardedLookup, TargetRefused } from './target-check.js';

export interface OutgoingMessage {
  url: string;
  secret: string;
  id: string;
  payload: string;
}

export function signedHeaders(m: OutgoingMessage, at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Vestibule-Webhooks/1',
    'webhook-id': m.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(m.secret).sign(m.id, at, m.payload),
  };
}

export function send(m: OutgoingMessage, settings: WebhookSettings): Promise<AttemptResult> {
  const url = new URL(m.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers: signedHeaders(m, new Date()), timeout: settings.timeoutMs, lookup: guardedLookup(settings) as never },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        res.on('end', () => resolve({ ok, status, error: ok ? null : `HTTP ${status}` }));
        res.on('error', () => resolve({ ok: false, status, error: `HTTP ${status}, answer cut off` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: Error & { code?: string }) => {
      const error =
        err instanceof TargetRefused
          ? 'refused: internal address'
          : err.message === 'timeout'
            ? 'no answer in time'
            : (err.code ?? 'connection failed');
      resolve({ ok: false, status: null, error });
    });
    req.end(m.payload);
  });
}
