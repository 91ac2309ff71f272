import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { nextAdmission } from '../../server/waiting-room/state-machine.js';
import { WaitingRoom } from '../../server/waiting-room/waiting-room.js';
import { AppointmentStore } from '../../server/store/appointments.js';
import { openDb } from '../../server/store/db.js';
import { Writable } from 'node:stream';

describe('admission state machine', () => {
  it.each([
    ['invited', 'join', 'client', 'waiting'],
    ['waiting', 'join', 'client', 'waiting'],
    ['admitted', 'join', 'client', 'admitted'],
    ['removed', 'join', 'client', 'waiting'],
    ['waiting', 'admit', 'client', 'admitted'],
    ['waiting', 'remove', 'client', 'removed'],
    ['admitted', 'remove', 'client', 'removed'],
    ['invited', 'join', 'provider', 'admitted'],
    ['admitted', 'join', 'provider', 'admitted'],
  ] as const)('%s --%s--> (%s) %s', (from, event, role, to) => {
    expect(nextAdmission(from, event, role)).toBe(to);
  });

  it.each([
    ['invited', 'admit', 'client'],
    ['admitted', 'admit', 'client'],
    ['removed', 'admit', 'client'],
    ['invited', 'remove', 'client'],
    ['removed', 'remove', 'client'],
    ['admitted', 'admit', 'provider'],
    ['admitted', 'remove', 'provider'],
  ] as const)('refuses %s --%s--> for a %s', (from, event, role) => {
    expect(nextAdmission(from, event, role)).toBeNull();
  });
});

describe('WaitingRoom.transition', () => {
  function setup() {
    let out = '';
    const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }));
    const store = new AppointmentStore(openDb(':memory:'));
    const appt = store.createAppointment({ title: 'Visit', startsAt: 0, endsAt: 1 });
    const client = store.addParticipant(appt.id, 'client', 'Robin Example');
    return { room: new WaitingRoom(store, log), store, client, appt, logs: () => out };
  }

  it('persists, audits and logs old -> new with ids only', () => {
    const { room, store, client, appt, logs } = setup();
    const joined = room.transition(client, 'join', client.id, 1000);
    expect(joined).toMatchObject({ ok: true, from: 'invited', to: 'waiting' });
    const admitted = room.transition(store.participant(client.id)!, 'admit', 'prov-1');
    expect(admitted).toMatchObject({ ok: true, from: 'waiting', to: 'admitted' });
    expect(store.participant(client.id)).toMatchObject({ admission: 'admitted', waitingSince: null });
    expect(store.auditTrail(appt.id)).toEqual([
      { event: 'joined', participantId: client.id, actorId: client.id },
      { event: 'admitted', participantId: client.id, actorId: 'prov-1' },
    ]);
    expect(logs()).toContain('admission invited -> waiting');
    expect(logs()).toContain('admission waiting -> admitted');
    expect(logs()).not.toContain('Robin');
  });

  it('keeps the waiting clock across a reload and restarts it after removal', () => {
    const { room, store, client } = setup();
    room.transition(client, 'join', client.id, 1000);
    room.transition(store.participant(client.id)!, 'join', client.id, 5000);
    expect(store.participant(client.id)!.waitingSince).toBe(1000);
    room.transition(store.participant(client.id)!, 'remove', 'prov');
    room.transition(store.participant(client.id)!, 'join', client.id, 9000);
    expect(store.participant(client.id)!.waitingSince).toBe(9000);
  });

  it('refuses an invalid event without changing anything', () => {
    const { room, store, client } = setup();
    expect(room.transition(client, 'admit', 'prov')).toEqual({ ok: false, from: 'invited' });
    expect(store.participant(client.id)!.admission).toBe('invited');
  });
});
