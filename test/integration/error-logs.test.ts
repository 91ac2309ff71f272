// When something fails on our side, the logs say what kind of failure and where, and the person gets
// words; neither carries a value the failing call quoted (a database's message can quote a name or an
// email). The failures are made by replacing one service method with one that throws such a message.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { ShortLinks } from '../../server/links/short-links.js';
import { createVisit, type TestApp, testApp } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

const QUOTED = 'sam.patient@example.org';
const failure = () => Object.assign(new Error(`invalid input syntax for type uuid: "${QUOTED}"`), { code: '22P02' });

let t: TestApp | undefined;
afterEach(async () => t?.app.close());

/** The log lines at error level, parsed. */
const errorLines = (logs: string) =>
  logs
    .split('\n')
    .filter((l) => l.includes('"level":50'))
    .map((l) => JSON.parse(l) as { msg: string; err: { type: string; code?: string; message: string; stack?: string } });

describe('a failure on our side', () => {
  it('in signaling: the page is told `internal`, the log names the code, not the value', async () => {
    t = await testApp();
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    await WsClient.join(t.app, v.appointmentId, v.clientToken);
    t.app.vestibule.waitingRoom.transition = async () => {
      throw failure();
    };
    const refused = await provider.request<ServerMessageOf<'error'>>({ type: 'admit', participantId: v.clientId }, isType('error'));
    expect(refused).toMatchObject({ code: 'internal' });
    const [line] = errorLines(t.logs()).filter((l) => l.msg === 'frame handling failed');
    expect(line?.err).toMatchObject({ type: 'Error', code: '22P02', message: 'invalid input syntax for type uuid: "…"' });
    expect(line?.err.stack).toContain('at ');
    expect(t.logs()).not.toContain(QUOTED);
  });

  it('over HTTP: a 500 in words, the log names the code, and neither carries the value', async () => {
    t = await testApp();
    const v = await createVisit(t.app);
    const { store, links, database } = t.app.vestibule;
    const issued = await new ShortLinks(database.db, links).issue(
      (await store.appointment(v.appointmentId))!,
      (await store.participant(v.clientId))!,
    );
    links.sign = async () => {
      throw failure();
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/visit-code', payload: { code: issued.code } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'Something went wrong on our side; try again in a moment' });
    const [line] = errorLines(t.logs()).filter((l) => l.msg === 'request failed');
    expect(line?.err).toMatchObject({ code: '22P02', message: 'invalid input syntax for type uuid: "…"' });
    expect(t.logs()).not.toContain(QUOTED);
  });
});
