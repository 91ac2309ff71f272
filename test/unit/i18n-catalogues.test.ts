import { describe, expect, it } from 'vitest';
import { ALL_CATALOGUES } from '../../shared/i18n/catalogues/index.js';
import { LANGUAGES, placeholders, translator } from '../../shared/i18n/translate.js';

describe('message catalogues', () => {
  for (const [area, catalogue] of Object.entries(ALL_CATALOGUES)) {
    describe(area, () => {
      const englishKeys = Object.keys(catalogue.en).sort();

      for (const language of LANGUAGES.filter((l) => l !== 'en')) {
        it(`${language} has every key and no other`, () => {
          expect(Object.keys(catalogue[language]).sort()).toEqual(englishKeys);
        });

        it(`${language} has no empty message`, () => {
          const empty = englishKeys.filter((k) => !(catalogue[language] as Record<string, string>)[k]?.trim());
          expect(empty).toEqual([]);
        });

        it(`${language} uses the same placeholders as English`, () => {
          const differing = englishKeys.filter(
            (k) =>
              placeholders((catalogue[language] as Record<string, string>)[k] ?? '').join() !==
              placeholders((catalogue.en as Record<string, string>)[k] ?? '').join(),
          );
          expect(differing).toEqual([]);
        });
      }
    });
  }

  it('fills placeholders and leaves a missing one visible', () => {
    const t = translator({ en: { admit: 'Admit {name}' }, es: { admit: 'Admitir a {name}' } }, 'es');
    expect(t('admit', { name: 'Ana' })).toBe('Admitir a Ana');
    expect(t('admit')).toBe('Admitir a {name}');
  });
});
