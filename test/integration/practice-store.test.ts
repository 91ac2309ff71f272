// The practice's store modules, on both engines: staff, sessions, one-time tokens, settings, sign-in
// failure counters, clients, the schedule and the staff audit log.
import { afterEach, describe, expect, it } from 'vitest';
import { AppointmentStore } from '../../server/store/appointments.js';
import { ClientStore } from '../../server/store/clients.js';
import type { Database } from '../../server/store/db.js';
import { OneTimeTokenStore } from '../../server/store/one-time-tokens.js';
import { PracticeSettingsStore } from '../../server/store/practice-settings.js';
import { type NewOccurrence, ScheduleStore } from '../../server/store/schedule.js';
import { SignInFailureStore } from '../../server/store/sign-in-failures.js';
import { EmailTaken, StaffStore } from '../../server/store/staff.js';
import { StaffAuditStore } from '../../server/store/staff-audit.js';
import { StaffSessionStore } from '../../server/store/staff-sessions.js';
import { ENGINES, testDatabase } from '../support/app.js';

const T = 1_772_000_000_000;
let open: Database[] = [];
afterEach(async () => {
  for (const d of open) await d.close();
  open = [];
});

describe.each(ENGINES)('practice store on %s', (engine) => {
  async function setup() {
    const database = await testDatabase(engine);
    open.push(database);
    const db = database.db;
    const staff = new StaffStore(db);
    const therapist = await staff.create({ email: 'Tess@Practice.example', name: 'Tess', role: 'therapist', teletherapy: true, now: T });
    return { db, staff, therapist };
  }

  it('keeps staff emails unique whatever their case, and finds them either way', async () => {
    const { staff, therapist } = await setup();
    expect(await staff.byEmail('tess@practice.EXAMPLE')).toMatchObject({
      id: therapist.id,
      email: 'Tess@Practice.example',
      passwordHash: null,
    });
    await expect(staff.create({ email: 'TESS@practice.example', name: 'Other', role: 'scheduler', now: T })).rejects.toThrow(EmailTaken);
    expect(await staff.byId(therapist.id)).toEqual({
      id: therapist.id,
      email: 'Tess@Practice.example',
      name: 'Tess',
      role: 'therapist',
      teletherapy: true,
      hasPassword: false,
      totpEnabled: false,
      deactivatedAt: null,
      createdAt: T,
      licensedRegions: [],
    });
  });

  it('changes roles, Teletherapy, passwords and deactivation, and counts active owners', async () => {
    const { staff, therapist } = await setup();
    expect(await staff.activeOwnerCount()).toBe(0);
    const owner = await staff.create({ email: 'o@x.example', name: 'O', role: 'owner', passwordHash: 'h', now: T + 1 });
    expect(await staff.activeOwnerCount()).toBe(1);
    await staff.setRole(therapist.id, 'manager');
    await staff.setTeletherapy(therapist.id, false);
    await staff.setPasswordHash(therapist.id, 'argon');
    expect(await staff.byId(therapist.id)).toMatchObject({ role: 'manager', teletherapy: false, hasPassword: true });
    await staff.deactivate(owner.id, T + 5);
    await staff.deactivate(owner.id, T + 9);
    expect((await staff.byId(owner.id))!.deactivatedAt).toBe(T + 5);
    expect(await staff.activeOwnerCount()).toBe(0);
    expect((await staff.list()).map((m) => m.id)).toEqual([therapist.id, owner.id]);
  });

  it('accepts each two-step time step once, and only a later one after it', async () => {
    const { staff, therapist } = await setup();
    await staff.setPendingTotpSecret(therapist.id, 'SECRET');
    await staff.enableTotp(therapist.id, 100);
    expect(await staff.credentials(therapist.id)).toEqual({ passwordHash: null, totpSecret: 'SECRET', totpLastStep: 100 });
    expect(await staff.useTotpStep(therapist.id, 100)).toBe(false);
    expect(await staff.useTotpStep(therapist.id, 101)).toBe(true);
    expect(await staff.useTotpStep(therapist.id, 101)).toBe(false);
    await staff.disableTotp(therapist.id);
    expect((await staff.byId(therapist.id))!.totpEnabled).toBe(false);
  });

  it('creates, finds, touches and revokes sessions, one or all', async () => {
    const { db, therapist } = await setup();
    const sessions = new StaffSessionStore(db);
    await sessions.create({ id: 'h1', staffId: therapist.id, now: T, expiresAt: T + 1000, ipPrefix: '203.0.113.0/24' });
    await sessions.create({ id: 'h2', staffId: therapist.id, now: T, expiresAt: T + 1000, ipPrefix: null });
    expect(await sessions.find('h1')).toEqual({
      id: 'h1',
      staffId: therapist.id,
      createdAt: T,
      lastSeenAt: T,
      expiresAt: T + 1000,
      revokedAt: null,
      staff: { id: therapist.id, role: 'therapist', teletherapy: true, totpEnabled: false, deactivatedAt: null },
    });
    await sessions.touch('h1', T + 50);
    expect((await sessions.find('h1'))!.lastSeenAt).toBe(T + 50);
    await sessions.revoke('h1', T + 60);
    expect((await sessions.find('h1'))!.revokedAt).toBe(T + 60);
    expect(await sessions.revokeAllFor(therapist.id, T + 70)).toBe(1);
    expect((await sessions.find('h2'))!.revokedAt).toBe(T + 70);
    await sessions.deleteExpired(T + 2000);
    expect(await sessions.find('h2')).toBeUndefined();
  });

  it('uses a one-time token once, only for its purpose and before it expires; withdrawn ones are dead', async () => {
    const { db, therapist } = await setup();
    const tokens = new OneTimeTokenStore(db);
    await tokens.create({ hash: 'a', purpose: 'invite', staffId: therapist.id, now: T, expiresAt: T + 100 });
    await tokens.create({ hash: 'b', purpose: 'setup', staffId: null, now: T, expiresAt: T + 100 });
    await tokens.create({ hash: 'c', purpose: 'reset', staffId: therapist.id, now: T, expiresAt: T + 100 });
    expect(await tokens.consume('a', 'reset', T)).toBeUndefined();
    expect(await tokens.consume('a', 'invite', T + 100)).toBeUndefined();
    const [first, second] = await Promise.all([tokens.consume('a', 'invite', T + 1), tokens.consume('a', 'invite', T + 1)]);
    expect([first, second].filter(Boolean)).toEqual([{ staffId: therapist.id }]);
    await tokens.withdraw('setup', null, T + 2);
    expect(await tokens.consume('b', 'setup', T + 3)).toBeUndefined();
    expect(await tokens.consume('c', 'reset', T + 3)).toEqual({ staffId: therapist.id });
  });

  it('reads and changes the practice settings, with their defaults', async () => {
    const { db } = await setup();
    const settings = new PracticeSettingsStore(db);
    expect(await settings.get()).toEqual({ idleTimeoutMinutes: 30, absoluteLifetimeHours: 12, requireTotp: false });
    await settings.update({ idleTimeoutMinutes: 15, absoluteLifetimeHours: 8, requireTotp: true });
    expect(await settings.get()).toEqual({ idleTimeoutMinutes: 15, absoluteLifetimeHours: 8, requireTotp: true });
  });

  it('locks a key after its failures within the window, until the lock ends; old failures expire', async () => {
    const { db } = await setup();
    const failures = new SignInFailureStore(db);
    const policy = { max: 3, windowMs: 1000, lockMs: 5000 };
    expect(await failures.recordFailure('k', T, policy)).toBeNull();
    expect(await failures.recordFailure('k', T + 1, policy)).toBeNull();
    expect(await failures.recordFailure('k', T + 2, policy)).toBe(T + 5002);
    expect(await failures.lockedUntil('k', T + 5001)).toBe(T + 5002);
    expect(await failures.lockedUntil('k', T + 5002)).toBeNull();
    // After the lock, counting starts again.
    expect(await failures.recordFailure('k', T + 6000, policy)).toBeNull();
    expect(await failures.recordFailure('k', T + 6001, policy)).toBeNull();
    // Failures spread wider than the window never lock.
    expect(await failures.recordFailure('k', T + 7100, policy)).toBeNull();
    expect(await failures.recordFailure('k', T + 7101, policy)).toBeNull();
    await failures.clear('k');
    expect(await failures.recordFailure('k', T + 7102, policy)).toBeNull();
    // Housekeeping forgets old counters but keeps a running lock.
    await failures.recordFailure('locked', T, { ...policy, max: 1 });
    await failures.deleteStale(T + 4000);
    expect(await failures.lockedUntil('locked', T + 4500)).toBe(T + 5000);
    expect(await failures.recordFailure('k', T + 8001, policy)).toBeNull();
    await failures.deleteStale(T + 9000);
    const left = await db.selectFrom('sign_in_failures').select('key').execute();
    expect(left.map((r) => r.key)).toEqual([]);
    expect(await failures.lockedUntil('other', T)).toBeNull();
  });

  it('creates, updates, searches and deletes clients', async () => {
    const { db, staff, therapist } = await setup();
    const clients = new ClientStore(db);
    const other = await staff.create({ email: 'o@x.example', name: 'Other', role: 'therapist', now: T });
    const base = { email: null, phone: null, timeZone: 'America/Chicago', language: 'en' as const, therapistId: therapist.id };
    const robin = await clients.create({ ...base, name: 'Robin Example', email: 'robin@example.org' }, T);
    await clients.create({ ...base, name: 'robert 100%_sure' }, T);
    await clients.create({ ...base, name: 'Alex Other', therapistId: other.id }, T);
    expect(await clients.byId(robin.id)).toEqual({
      ...base,
      id: robin.id,
      name: 'Robin Example',
      email: 'robin@example.org',
      createdAt: T,
    });
    expect((await clients.search({ name: 'ROB', limit: 10 })).map((c) => c.name)).toEqual(['robert 100%_sure', 'Robin Example']);
    expect((await clients.search({ name: '%_', limit: 10 })).map((c) => c.name)).toEqual(['robert 100%_sure']);
    expect((await clients.search({ therapistId: other.id, limit: 10 })).map((c) => c.name)).toEqual(['Alex Other']);
    expect(await clients.search({ name: 'nobody', limit: 10 })).toEqual([]);
    await clients.update(robin.id, { ...base, name: 'Robin E.', phone: '+1 555 0100', language: 'es' });
    expect(await clients.byId(robin.id)).toMatchObject({ name: 'Robin E.', email: null, phone: '+1 555 0100', language: 'es' });
    await clients.delete(robin.id);
    expect(await clients.byId(robin.id)).toBeUndefined();
  });

  it('books appointments with their participants, lists, moves, cancels and switches video', async () => {
    const { db, therapist } = await setup();
    const clients = new ClientStore(db);
    const schedule = new ScheduleStore(db);
    const c = await clients.create(
      { name: 'Robin', email: null, phone: null, timeZone: 'UTC', language: 'en', therapistId: therapist.id },
      T,
    );
    const occurrence = (startsAt: number): NewOccurrence => ({
      title: 'Session',
      startsAt,
      endsAt: startsAt + 3_000_000,
      therapistId: therapist.id,
      video: true,
      seriesId: 's1',
      providerName: 'Tess',
      clients: [{ id: c.id, name: 'Robin' }],
    });
    const [a, b] = await schedule.createAll([occurrence(T), occurrence(T + 7 * 86_400_000)], T);
    const first = await schedule.byId(a!);
    expect(first).toMatchObject({
      startsAt: T,
      endsAt: T + 3_000_000,
      therapistId: therapist.id,
      video: true,
      cancelledAt: null,
      seriesId: 's1',
    });
    expect(first!.participants.map((p) => [p.role, p.displayName, p.clientId])).toEqual([
      ['provider', 'Tess', null],
      ['client', 'Robin', c.id],
    ]);
    const all = { from: T - 1, to: T + 30 * 86_400_000, includeCancelled: false, limit: 10 };
    expect((await schedule.list(all)).map((x) => x.id)).toEqual([a, b]);
    expect((await schedule.list({ ...all, clientId: c.id, therapistId: therapist.id })).length).toBe(2);
    expect(await schedule.list({ ...all, clientId: 'nobody' })).toEqual([]);
    await schedule.reschedule(b!, T + 86_400_000, T + 86_400_000 + 60_000);
    await schedule.cancel(a!, T + 5);
    await schedule.setVideo(b!, false);
    expect((await schedule.list(all)).map((x) => [x.id, x.video])).toEqual([[b, false]]);
    expect((await schedule.list({ ...all, includeCancelled: true })).map((x) => x.id)).toEqual([a, b]);
    expect((await schedule.upcomingProviderParticipants(therapist.id, T + 3_000_000)).map((p) => p.appointmentId)).toEqual([b]);
    // Deleting a client keeps the appointment's participant, no longer tied to a record.
    await clients.delete(c.id);
    expect((await schedule.byId(b!))!.participants[1]).toMatchObject({ displayName: 'Robin', clientId: null });
  });

  it('leaves appointments made the old way working, with no therapist and video on', async () => {
    const { db } = await setup();
    const legacy = await new AppointmentStore(db).createAppointment({ title: 'Visit', startsAt: T, endsAt: T + 1000 });
    expect(await new ScheduleStore(db).byId(legacy.id)).toMatchObject({
      therapistId: null,
      video: true,
      cancelledAt: null,
      participants: [],
    });
  });

  it('records the staff audit log and lists it newest first, filtered and paged', async () => {
    const { db, therapist } = await setup();
    const audit = new StaffAuditStore(db);
    await audit.record({ event: 'sign-in', staffId: therapist.id, subjectStaffId: therapist.id }, T);
    await audit.record({ event: 'link issued', staffId: 'owner1', appointmentId: 'ap1', participantId: 'p1' }, T + 10);
    await audit.record({ event: 'role changed from therapist to manager', staffId: 'owner1', subjectStaffId: therapist.id }, T + 20);
    const all = await audit.list({ limit: 10 });
    expect(all.map((l) => l.event)).toEqual(['role changed from therapist to manager', 'link issued', 'sign-in']);
    expect(all[1]).toEqual({
      id: all[1]!.id,
      at: T + 10,
      event: 'link issued',
      staffId: 'owner1',
      subjectStaffId: null,
      appointmentId: 'ap1',
      participantId: 'p1',
      clientId: null,
    });
    expect((await audit.list({ limit: 10, staffId: therapist.id })).length).toBe(2);
    expect((await audit.list({ limit: 10, appointmentId: 'ap1' })).map((l) => l.event)).toEqual(['link issued']);
    expect((await audit.list({ limit: 10, from: T + 5, to: T + 15 })).map((l) => l.event)).toEqual(['link issued']);
    expect((await audit.list({ limit: 1, beforeId: all[0]!.id })).map((l) => l.event)).toEqual(['link issued']);
  });
});
