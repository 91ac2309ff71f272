import { describe, expect, it } from 'vitest';
import { nextAdmission } from '../../server/waiting-room/state-machine.js';

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
