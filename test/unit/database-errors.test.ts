// What an operator reads when PostgreSQL refuses Vestibule: the problem named, the password never.
// (Unreachable hosts and missing databases are also checked against a real server in startup.test.ts.)
import { describe, expect, it } from 'vitest';
import { describePgError, isDatabaseUnavailable } from '../../server/store/db.js';

const URL = 'postgres://vestibule:hunter2secret@db.internal:6543/practice';

describe('describePgError', () => {
  it.each([
    [{ code: '28P01' }, 'PostgreSQL at db.internal:6543 refused the password for user "vestibule"'],
    [{ code: '28000' }, 'PostgreSQL at db.internal:6543 does not allow user "vestibule" to connect (pg_hba.conf)'],
    [{ code: '3D000' }, 'PostgreSQL at db.internal:6543 has no database "practice" (create it first)'],
    [{ code: 'ENOTFOUND' }, 'cannot reach PostgreSQL: the host in db.internal:6543 was not found'],
    [{ code: 'ECONNREFUSED' }, 'cannot reach PostgreSQL at db.internal:6543: connection refused (is it running, and on that port?)'],
    [{ message: 'timeout expired' }, 'cannot reach PostgreSQL at db.internal:6543: the connection timed out'],
  ])('%o', (err, message) => {
    const text = describePgError(err, URL);
    expect(text).toBe(message);
    expect(text).not.toContain('hunter2secret');
  });
});

describe('isDatabaseUnavailable', () => {
  it('tells an outage from a bug', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable({ code: '23505' })).toBe(false);
  });
});
