// The dashboard's screen table and the pure helpers behind its screens: which role reaches which
// screen (the same as the server's permissions), a path's screen, who may act on whom, and the
// date and time inputs' values in the viewer's zone.
import { afterEach, describe, expect, it } from 'vitest';
import { localParts } from '../../client/practice/start-fields.js';
import { screenFor } from '../../client/practice/nav.js';
import { SCREENS } from '../../client/practice/screens.js';
import { parseReminderHours } from '../../client/practice/settings-view.js';
import { canManage } from '../../client/practice/staff-member.js';
import { can, type Permission, ROLES } from '../../server/practice/roles.js';
import type { StaffView } from '../../shared/practice-types.js';

const NEEDS: Record<string, Permission> = {
  '/practice/staff': 'staff:manage',
  '/practice/audit': 'audit:read',
  '/practice/settings': 'settings:manage',
  '/practice/integrations': 'settings:manage',
};

describe('screens', () => {
  it('offers each role the screens the server lets it use', () => {
    for (const role of ROLES) {
      for (const screen of SCREENS) {
        const needs = NEEDS[screen.path];
        expect(screen.roles.includes(role), `${role} on ${screen.path}`).toBe(needs ? can(role, needs) : true);
      }
    }
  });

  it('finds a path’s screen, with or without a trailing slash', () => {
    expect(screenFor(SCREENS, '/practice/clients/', 'therapist').title).toBe('Clients');
    expect(screenFor(SCREENS, '/practice/audit', 'owner').title).toBe('Audit log');
  });

  it('shows home for an unknown path or one the role may not use', () => {
    expect(screenFor(SCREENS, '/practice/audit', 'manager').path).toBe('/practice');
    expect(screenFor(SCREENS, '/practice/nowhere', 'owner').path).toBe('/practice');
  });
});

describe('who may act on whom', () => {
  const person = (role: StaffView['role'], status: StaffView['status'] = 'active'): StaffView => ({
    id: role,
    email: `${role}@example.test`,
    name: role,
    role,
    teletherapy: false,
    totpEnabled: false,
    licensedRegions: [],
    status,
  });
  it('lets a manager act on everyone but owners, and no one on a deactivated account', () => {
    expect(canManage(person('manager'), person('owner'))).toBe(false);
    expect(canManage(person('manager'), person('therapist'))).toBe(true);
    expect(canManage(person('owner'), person('owner'))).toBe(true);
    expect(canManage(person('owner'), person('scheduler', 'deactivated'))).toBe(false);
  });
});

describe('localParts', () => {
  const original = process.env.TZ;
  afterEach(() => {
    // Assigning undefined would set the string "undefined".
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });
  it('gives the date and time inputs’ values in the viewer’s zone', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(localParts(Date.UTC(2026, 2, 8, 0, 30))).toEqual({ date: '2026-03-08', time: '09:30' });
    process.env.TZ = 'America/Chicago';
    expect(localParts(Date.UTC(2026, 2, 8, 0, 30))).toEqual({ date: '2026-03-07', time: '18:30' });
  });
});

describe('reminder hours on the Settings screen', () => {
  it('reads hours as minutes before, up to four, from 5 minutes to 14 days; empty is none', () => {
    expect(parseReminderHours('24, 1')).toEqual([1440, 60]);
    expect(parseReminderHours('0.5')).toEqual([30]);
    expect(parseReminderHours('')).toEqual([]);
    expect(parseReminderHours('1 2 3 4 5')).toBeNull();
    expect(parseReminderHours('soon')).toBeNull();
    expect(parseReminderHours('0.05')).toBeNull();
    expect(parseReminderHours('400')).toBeNull();
  });
});
