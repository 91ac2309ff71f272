// `npm run admin -- api-key …`: a key created from the shell works on /api/v1, is listed with its
// last use, and stops working when revoked.
import { afterEach, describe, expect, it } from 'vitest';
import { runStaffCommand } from '../../server/practice/staff-commands.js';
import { withKey } from '../support/api.js';
import { type PracticeTestApp, practiceApp } from '../support/practice.js';

let t: PracticeTestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

describe('npm run admin -- api-key', () => {
  it('creates (printed once), lists and revokes keys', async () => {
    t = await practiceApp();
    const run = (...argv: string[]) => runStaffCommand(t!.app.vestibule.practice, argv);
    const out = await run('api-key', 'create', '--name', 'Records system', '--scope', 'read-write');
    const secret = /(vst_\S+)/.exec(out)![1]!;
    const id = /API key (\S+)/.exec(out)![1]!;
    expect((await withKey(t.app, secret)('GET', '/clients')).statusCode).toBe(200);
    const listed = await run('api-key', 'list');
    expect(listed).toContain(id);
    expect(listed).toContain('read-write');
    expect(listed).toContain('Records system');
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain('last used never');
    await run('api-key', 'revoke', '--id', id);
    expect((await withKey(t.app, secret)('GET', '/clients')).statusCode).toBe(401);
    await expect(run('api-key', 'create', '--name', 'x', '--scope', 'admin')).rejects.toThrow(/--scope read/);
    await expect(run('api-key', 'revoke', '--id', id)).rejects.toThrow(/No such API key/);
  });

  it('takes an id that starts with a dash (base64url ids do, one in 32) as the value of --id', async () => {
    t = await practiceApp();
    const run = (...argv: string[]) => runStaffCommand(t!.app.vestibule.practice, argv);
    await expect(run('api-key', 'revoke', '--id', '-x3FqLk9')).rejects.toThrow(/No such API key/);
  });
});
