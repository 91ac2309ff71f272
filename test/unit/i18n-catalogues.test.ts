import { describe, expect, it } from 'vitest';
import { SPANISH_TEST_WORDS } from '../../client/connection-test/spanish-words.js';
import { SPANISH_VISIT_WORDS } from '../../client/visit/spanish-words.js';
import { ALL_CATALOGUES } from '../../shared/i18n/catalogues/index.js';
import { addLanguagePack, defineCatalogue, LANGUAGES, placeholders, translator } from '../../shared/i18n/translate.js';

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

  // Clients read Spanish from Latin America more often than from Spain; one spelling, not both on a screen.
  it('Spanish spells video the Latin American way everywhere', () => {
    const accented = Object.entries(ALL_CATALOGUES).flatMap(([area, catalogue]) =>
      Object.entries((catalogue.es ?? {}) as Record<string, string>)
        .filter(([, text]) => /vídeo/i.test(text))
        .map(([key]) => `${area}.${key}`),
    );
    expect(accented).toEqual([]);
  });

  it('fills placeholders and leaves a missing one visible', () => {
    const catalogue = defineCatalogue('test-admit', { admit: 'Admit {name}' });
    addLanguagePack('es', { 'test-admit': { admit: 'Admitir a {name}' } });
    const t = translator(catalogue, 'es');
    expect(t('admit', { name: 'Ana' })).toBe('Admitir a Ana');
    expect(t('admit')).toBe('Admitir a {name}');
  });

  it('speaks English in an area whose words in the language are not here (yet), and the language once they are', () => {
    const catalogue = defineCatalogue('test-later', { hello: 'Hello' });
    const t = translator(catalogue, 'es');
    expect(t('hello')).toBe('Hello');
    addLanguagePack('es', { 'test-later': { hello: 'Hola' } });
    expect(t('hello')).toBe('Hola');
  });
});

// The Spanish a browser page loads with import(): each pack holds areas' own Spanish, and every area
// (but the language switch, which is in every bundle) is in exactly one pack, so no Spanish area is
// missing from the pages and none becomes a chunk of its own, shared by two packs.
describe('Spanish packs', () => {
  const packs = { visit: SPANISH_VISIT_WORDS, 'connection test': SPANISH_TEST_WORDS };

  for (const [name, pack] of Object.entries(packs)) {
    it(`the ${name} pack holds each of its areas' Spanish`, () => {
      for (const [area, messages] of Object.entries(pack)) expect(messages, area).toBe(ALL_CATALOGUES[area]?.es);
    });
  }

  it('every area is in one pack', () => {
    const inPacks = Object.values(packs).flatMap((p) => Object.keys(p));
    const areas = Object.keys(ALL_CATALOGUES).filter((a) => a !== 'language-switch');
    expect(inPacks.sort()).toEqual(areas.sort());
  });
});
