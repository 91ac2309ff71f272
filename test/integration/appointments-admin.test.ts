// Operator commands: real appointments with working links, fresh links, revocation; and the CLI
// itself against a data folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { AdminError, createAppointment, issueLink, revokeLinks } from '../../server/admin/appointments-admin.js';
import { LinkTokens } from '../../server/links/link-tokens.js';
import { AppointmentStore } from '../../server/store/appointments.js';
import { testDatabase } from '../support/app.js';
import { tempDir } from '../support/temp-dir.js';

async function setup() {
  const { db } = await testDatabase();
  const store = new AppointmentStore(db);
  const links = new LinkTokens(new TextEncoder().encode('k'.repeat(32)), db);
  return { store, links, publicUrl: 'https://visits.example.org' };
}
const tokenOf = (url: string) => url.split('#t=')[1]!;
const START = new Date('2026-12-01T15:00:00Z');

describe('appointments admin', () => {
  it('creates an appointment whose links open it for each participant in their role', async () => {
    const deps = await setup();
    const created = await createAppointment(deps, {
      title: 'Couples session',
      startsAt: START,
      minutes: 50,
      provider: 'Dr. Rivera',
      clients: ['Jordan', 'Alex'],
    });
    expect(created.links.map((l) => [l.role, l.name])).toEqual([
      ['provider', 'Dr. Rivera'],
      ['client', 'Jordan'],
      ['client', 'Alex'],
    ]);
    expect(created.endsAt).toBe('2026-12-01T15:50:00.000Z');
    for (const l of created.links) {
      expect(l.url.startsWith(`https://visits.example.org/v/${created.appointmentId}#t=`)).toBe(true);
      const check = await deps.links.verify(tokenOf(l.url), created.appointmentId, new Date('2026-12-01T15:10:00Z'));
      expect(check).toMatchObject({ ok: true, claims: { participantId: l.participantId, role: l.role } });
    }
  });

  it('refuses bad input with a message naming what is wrong, and creates nothing', async () => {
    const deps = await setup();
    const base = { title: 'x', startsAt: START, minutes: 50, provider: 'P', clients: ['C'] };
    await expect(createAppointment(deps, { ...base, startsAt: new Date('tomorrow') })).rejects.toThrow(/not a valid date/);
    await expect(createAppointment(deps, { ...base, minutes: 2 })).rejects.toThrow(/--minutes/);
    await expect(createAppointment(deps, { ...base, clients: [] })).rejects.toThrow(AdminError);
    await expect(createAppointment(deps, { ...base, clients: ['1', '2', '3', '4', '5', '6'] })).rejects.toThrow(/1 to 5 clients/);
    await expect(createAppointment(deps, { ...base, provider: '   ' })).rejects.toThrow(/display name/);
  });

  it('revokes a participant’s links and can issue a fresh one', async () => {
    const deps = await setup();
    const created = await createAppointment(deps, { title: 't', startsAt: START, minutes: 50, provider: 'P', clients: ['C'] });
    const client = created.links[1]!;
    const during = new Date('2026-12-01T15:05:00Z');
    await revokeLinks(deps, client.participantId);
    expect(await deps.links.verify(tokenOf(client.url), created.appointmentId, during)).toEqual({ ok: false, code: 'link_revoked' });
    const fresh = await issueLink(deps, client.participantId);
    expect((await deps.links.verify(tokenOf(fresh), created.appointmentId, during)).ok).toBe(true);
    expect((await deps.store.auditTrail(created.appointmentId)).map((e) => e.event)).toContain('links revoked');
    await expect(revokeLinks(deps, 'nobody')).rejects.toThrow(/No participant/);
  });
});

describe('npm run appointments (the CLI)', () => {
  beforeAll(async () => buildAll({ quiet: true }), 30_000);

  it('creates an appointment as JSON and revokes a link, in a data folder', () => {
    const env = { ...process.env, DATA_DIR: tempDir('vestibule-admin-'), PUBLIC_URL: 'https://visits.example.org' };
    const out = execFileSync(
      process.execPath,
      [
        'dist/server/admin-cli.js',
        'create',
        '--starts',
        '2026-12-01T15:00:00Z',
        '--provider',
        'Dr. Rivera',
        '--client',
        'Jordan',
        '--json',
      ],
      { env, encoding: 'utf8' },
    );
    const created = JSON.parse(out) as { links: { participantId: string }[] };
    expect(created.links).toHaveLength(2);
    const revoked = spawnSync(process.execPath, ['dist/server/admin-cli.js', 'revoke', '--participant', created.links[1]!.participantId], {
      env,
      encoding: 'utf8',
    });
    expect(revoked.status).toBe(0);
    const bad = spawnSync(
      process.execPath,
      ['dist/server/admin-cli.js', 'create', '--starts', 'soon', '--provider', 'P', '--client', 'C'],
      { env, encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not a valid date');
  });
});
