// A fresh Vestibule app per test: in-memory SQLite, generated secrets, logs captured in memory so a
// test can prove what never reaches them.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { visitUrl } from '../../server/links/link-tokens.js';
import { loadOrCreateSecrets } from '../../server/secrets.js';
import { openDb } from '../../server/store/db.js';

export interface TestApp {
  app: FastifyInstance;
  logs: () => string;
}

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vestibule-test-'));
  const config = loadConfig({ DATA_DIR: dir, HEARTBEAT_MS: '60000', ...env });
  let captured = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      captured += String(chunk);
      cb();
    },
  });
  const app = await buildApp({
    config,
    secrets: loadOrCreateSecrets(dir, {}),
    db: openDb(':memory:'),
    logger: pino({ level: 'debug' }, sink),
  });
  await app.ready();
  return { app, logs: () => captured };
}

export interface Visit {
  appointmentId: string;
  providerId: string;
  clientId: string;
  providerToken: string;
  clientToken: string;
}

/** An appointment with one provider and one client, starting `startsInMin` from now. */
export async function createVisit(
  app: FastifyInstance,
  opts: { startsInMin?: number; minutes?: number; clientName?: string } = {},
): Promise<Visit> {
  const { store, links } = app.vestibule;
  const startsAt = Date.now() + (opts.startsInMin ?? 0) * 60_000;
  const appt = store.createAppointment({ title: 'Visit', startsAt, endsAt: startsAt + (opts.minutes ?? 50) * 60_000 });
  const provider = store.addParticipant(appt.id, 'provider', 'Dr. Okafor');
  const client = store.addParticipant(appt.id, 'client', opts.clientName ?? 'Sam Patient');
  return {
    appointmentId: appt.id,
    providerId: provider.id,
    clientId: client.id,
    providerToken: await links.issue(appt, provider),
    clientToken: await links.issue(appt, client),
  };
}

export { visitUrl };
