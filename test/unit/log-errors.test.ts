// Errors reach the logs through one serializer that keeps what an operator needs (kind, code, where)
// and takes out the values a database's message can quote.
import { describe, expect, it } from 'vitest';
import { errorSerializer, redactMessage } from '../../server/log-errors.js';

describe('errors in the logs', () => {
  it.each([
    ['invalid input syntax for type uuid: "sam@example.org"', 'invalid input syntax for type uuid: "…"'],
    ['duplicate key value violates unique constraint "people_email_key"', 'duplicate key value violates unique constraint "…"'],
    ['Key (email)=(sam@example.org) already exists.', 'Key (email)=(…) already exists.'],
    ["value too long for type character varying(64): 'Sam Patient'", "value too long for type character varying(64): '…'"],
    ['could not send to sam.patient+visits@example.org today', 'could not send to …@… today'],
    ['UNIQUE constraint failed: participants.id', 'UNIQUE constraint failed: participants.id'],
    ['connect ECONNREFUSED 127.0.0.1:6379', 'connect ECONNREFUSED 127.0.0.1:6379'],
    // What JSON.parse says of damaged text: its start, with the text's own quotes in it (cut with "...").
    [`Unexpected token 'x', "x{"name":"Sam Patient"}" is not valid JSON`, `Unexpected token '…', "…" is not valid JSON`],
    [`Unexpected token 'x', "x{"name":""... is not valid JSON`, `Unexpected token '…', "…" is not valid JSON`],
  ])('%s', (message, logged) => {
    expect(redactMessage(message)).toBe(logged);
  });

  it('keeps an error’s kind, code and code locations, without the value its message quoted', () => {
    const err = Object.assign(new Error('invalid input syntax for type integer: "Sam"'), { code: '22P02' });
    const logged = errorSerializer(err);
    expect(logged).toMatchObject({ type: 'Error', code: '22P02', message: 'invalid input syntax for type integer: "…"' });
    expect(JSON.stringify(logged)).not.toContain('Sam');
    expect((logged as { stack: string }).stack).toMatch(/^Error: invalid input syntax for type integer: "…"\n\s+at /);
  });

  it('keeps nothing of the text JSON.parse refused', () => {
    for (const text of ['x{"name":"Sam Patient"}', 'x{"n":"Sam"', 'Sam Patient said hi', 'Sam Patient\nlives at 12 Elm']) {
      let thrown: unknown;
      try {
        JSON.parse(text);
      } catch (e) {
        thrown = e;
      }
      expect(JSON.stringify(errorSerializer(thrown)), text).not.toMatch(/Sam|name/);
    }
  });

  it('keeps nothing of a quoted value that runs past the first line', () => {
    for (const message of ['no such client "Sam\nPatient"', "cannot read 'Sam\nPatient' here"]) {
      expect(JSON.stringify(errorSerializer(new Error(message))), message).not.toMatch(/Sam|Patient/);
    }
  });

  it('keeps no line of a message that runs over several lines in the stack', () => {
    const err = new Error('insert failed\nDETAIL: Failing row contains (Sam Patient, sam@example.org)');
    const logged = errorSerializer(err) as { message: string; stack: string };
    expect(JSON.stringify(logged)).not.toMatch(/Sam|sam@/);
    expect(
      logged.stack
        .split('\n')
        .slice(1)
        .every((l) => /^\s+at /.test(l)),
    ).toBe(true);
  });

  it('takes a message already pulled out of an error, or something thrown that is not an Error', () => {
    expect(errorSerializer('no such person "Sam"')).toBe('no such person "…"');
    expect(errorSerializer({ toString: () => 'bad "Sam"' })).toBe('bad "…"');
  });
});
