// A visit's connections and participants as arrays replaced on change (keyed-list.ts): what a Map gave the hub
// (one connection per participant, the order they came, safe to change while looping) still holds.
import { describe, expect, it } from 'vitest';
import { KeyedList } from '../../server/signaling/keyed-list.js';
import type { Connection } from '../../server/signaling/live-visit.js';
import { LiveVisit } from '../../server/signaling/live-visit.js';
import type { Participant } from '../../server/store/appointments.js';

const conn = (participantId: string, session = `${participantId}-1`): Connection => ({
  session,
  participantId,
  appointmentId: 'a1',
  send: () => {},
  forward: () => {},
  close: () => {},
});

const byParticipant = (c: Connection) => c.participantId;

describe('KeyedList of connections', () => {
  it('holds one connection per participant, in the order they came; a newer one takes the old place', () => {
    const table = new KeyedList(byParticipant);
    const first = conn('p1');
    expect(table.put(first)).toBeUndefined();
    table.put(conn('p2'));
    const again = conn('p1', 'p1-2');
    expect(table.put(again)).toBe(first);
    expect(table.size).toBe(2);
    expect(table.keys()).toEqual(['p1', 'p2']);
    expect(table.get('p1')).toBe(again);
    expect(table.has('p3')).toBe(false);
  });

  it('deletes by participant, and says whether there was one', () => {
    const table = new KeyedList(byParticipant);
    table.put(conn('p1'));
    table.put(conn('p2'));
    table.put(conn('p3'));
    expect(table.delete('p2')).toBe(true);
    expect(table.delete('p2')).toBe(false);
    expect(table.keys()).toEqual(['p1', 'p3']);
    table.put(conn('p2'));
    expect(table.keys()).toEqual(['p1', 'p3', 'p2']);
  });

  it('a loop over the connections reaches everyone it started with while some leave and others join', () => {
    const table = new KeyedList(byParticipant);
    for (const id of ['p1', 'p2', 'p3']) table.put(conn(id));
    const reached: string[] = [];
    for (const c of table.values()) {
      reached.push(c.participantId);
      table.delete(c.participantId);
      table.put(conn(`${c.participantId}-new`));
    }
    expect(reached).toEqual(['p1', 'p2', 'p3']);
    expect(table.keys()).toEqual(['p1-new', 'p2-new', 'p3-new']);
  });
});

describe('LiveVisit participants', () => {
  const person = (id: string, role: Participant['role'], admission: Participant['admission'] = 'invited') =>
    ({ id, role, admission }) as Participant;

  it('an updated row replaces the old one in place; a newcomer goes last', () => {
    const visit = new LiveVisit({ id: 'a1' } as never, [person('pr', 'provider'), person('c1', 'client')], () => {});
    visit.update(person('c1', 'client', 'admitted'));
    visit.applyParticipant(person('c2', 'client'));
    expect(visit.participants().map((p) => [p.id, p.admission])).toEqual([
      ['pr', 'invited'],
      ['c1', 'admitted'],
      ['c2', 'invited'],
    ]);
    expect(visit.participant('c1')?.admission).toBe('admitted');
    expect(visit.provider()?.id).toBe('pr');
    visit.connect(conn('c1'), { participantId: 'c1', session: 'c1-1', node: 'n' } as never);
    visit.connect(conn('c2'), { participantId: 'c2', session: 'c2-1', node: 'n' } as never);
    expect(visit.admittedConnections().map((c) => c.participantId)).toEqual(['c1']);
  });
});
