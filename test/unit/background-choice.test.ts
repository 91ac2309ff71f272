// The background choice kept on the device: what is stored, what is read back, and that anything
// unknown or unreadable means no effect.
import { describe, expect, it } from 'vitest';
import {
  type BackgroundChoice,
  formatChoice,
  loadChoice,
  PICTURES,
  parseChoice,
  saveChoice,
} from '../../client/media/background/choice.js';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('background choice', () => {
  it('round-trips none, blur and every picture through storage', () => {
    const storage = memoryStorage();
    const choices: BackgroundChoice[] = [
      { kind: 'none' },
      { kind: 'blur' },
      ...PICTURES.map((p) => ({ kind: 'picture' as const, id: p.id })),
    ];
    for (const choice of choices) {
      saveChoice(choice, storage);
      expect(loadChoice(storage)).toEqual(choice);
    }
  });

  it('reads an unknown picture, an unknown kind or nothing as none', () => {
    expect(parseChoice('picture:beach-with-people')).toEqual({ kind: 'none' });
    expect(parseChoice('sparkles')).toEqual({ kind: 'none' });
    expect(parseChoice(null)).toEqual({ kind: 'none' });
  });

  it('stores a short text, not a structure', () => {
    expect(formatChoice({ kind: 'picture', id: 'lake' })).toBe('picture:lake');
    expect(formatChoice({ kind: 'blur' })).toBe('blur');
  });

  it('treats storage that throws (blocked, private mode) as no stored choice, and saving as a no-op', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadChoice(refusing)).toEqual({ kind: 'none' });
    expect(() => saveChoice({ kind: 'blur' }, refusing)).not.toThrow();
  });
});
