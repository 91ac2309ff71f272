import pino from 'pino';
// `npm run admin`: the set-up link, an owner made from the shell, and a password reset link, through
// the same commands the CLI runs (server/practice/staff-commands.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { practiceServices } from '../../server/practice/services.js';
import { runStaffCommand } from '../../server/practice/staff-commands.js';
import { PASSWORD, type PracticeTestApp, as, practiceApp, sessionFor, setUpOwner } from '../support/practice.js';

let open: PracticeTestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function start() {
  const t = await practiceApp({ PUBLIC_URL: 'https://visits.example.org' });
  open.push(t);
  const { config, store, links } = t.app.vestibule;
  const s = practiceServices({ db: t.database.db, config, appointments: store, links, log: pino({ level: 'silent' }), now: t.clock.now });
  return { t, run: (...argv: string[]) => runStaffCommand(s, argv) };
}
const urlIn = (out: string) => /https:\/\/\S+/.exec(out)![0];
const tokenIn = (out: string) => urlIn(out).split('#t=')[1]!;
const post = (t: PracticeTestApp, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/practice${url}`, headers: { 'x-vestibule-csrf': '1' }, payload });

describe('npm run admin', () => {
  it('prints the set-up link until an owner exists', async () => {
    const { t, run } = await start();
    const out = await run('setup-link');
    expect(urlIn(out)).toMatch(/^https:\/\/visits\.example\.org\/practice\/setup#t=/);
    await setUpOwner(t);
    expect(await run('setup-link')).toBe('The practice has an owner already.\n');
  });

  it('creates an owner whose link sets their password, and lists staff', async () => {
    const { t, run } = await start();
    const out = await run('create-owner', '--email', 'olive@practice.example', '--name', 'Olive');
    expect((await post(t, '/invitations/accept', { token: tokenIn(out), password: PASSWORD })).statusCode).toBe(200);
    const owner = await sessionFor(t.app, 'olive@practice.example');
    expect((await as(t.app, owner).get('/settings')).statusCode).toBe(200);
    expect(await run('list')).toMatch(/owner\s+active\s+olive@practice\.example/);
  });

  it('prints a reset link that sets a new password once', async () => {
    const { t, run } = await start();
    await setUpOwner(t);
    const out = await run('reset-password', '--email', 'OWNER@practice.example');
    const body = { token: tokenIn(out), password: 'a brand new passphrase' };
    expect((await post(t, '/password-reset', body)).statusCode).toBe(200);
    expect((await post(t, '/password-reset', body)).statusCode).toBe(400);
    await expect(run('reset-password', '--email', 'nobody@practice.example')).rejects.toThrow(/No such staff member/);
    await expect(run('frobnicate')).rejects.toThrow(/usage/);
  });
});
