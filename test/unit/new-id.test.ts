// Ids come from a shared pool of random bytes: each byte must serve one id only, across refills.
import { describe, expect, it } from 'vitest';
import { newId } from '../../server/store/appointments.js';

describe('newId', () => {
  it('gives ids of the asked size, in base64url, never the same twice across many pool refills', () => {
    const seen = new Set<string>();
    // Sizes that do not divide the 4 KB pool, so ids straddle refills.
    for (let i = 0; i < 20_000; i++) {
      const bytes = [12, 9, 6, 7][i % 4]!;
      const id = newId(bytes);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(id).toHaveLength(Math.ceil((bytes * 4) / 3));
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    expect(newId()).toHaveLength(16);
  });
});
