// What a person chose to show behind them, and where that choice is kept: in this browser's
// localStorage only (it is a preference of the device, never sent to the server).
import type { BackgroundMessage } from '../../../shared/i18n/catalogues/backgrounds.js';

export interface BackgroundPicture {
  id: string;
  /** The name on the picker's button (shared/i18n/catalogues/backgrounds.ts). */
  label: BackgroundMessage;
  /** Served by Vestibule from /assets/ (see scripts/build-background-assets.mjs). */
  file: string;
}

/** Calm pictures made for Vestibule (client/media/background/pictures, same licence as the code). */
export const PICTURES: readonly BackgroundPicture[] = [
  { id: 'dawn', label: 'pictureDawn', file: 'background-dawn.svg' },
  { id: 'lake', label: 'pictureLake', file: 'background-lake.svg' },
  { id: 'sage', label: 'pictureSage', file: 'background-sage.svg' },
];

export type BackgroundChoice = { kind: 'none' } | { kind: 'blur' } | { kind: 'picture'; id: string };

export const NO_BACKGROUND: BackgroundChoice = { kind: 'none' };
const STORAGE_KEY = 'vestibule.background';

export function pictureOf(choice: BackgroundChoice): BackgroundPicture | undefined {
  return choice.kind === 'picture' ? PICTURES.find((p) => p.id === choice.id) : undefined;
}

export function sameChoice(a: BackgroundChoice, b: BackgroundChoice): boolean {
  return a.kind === b.kind && pictureOf(a)?.id === pictureOf(b)?.id;
}

/** Reads a stored choice; anything unknown (an old or edited value) means none. */
export function parseChoice(text: string | null): BackgroundChoice {
  if (text === 'blur') return { kind: 'blur' };
  if (text?.startsWith('picture:')) {
    const id = text.slice('picture:'.length);
    if (PICTURES.some((p) => p.id === id)) return { kind: 'picture', id };
  }
  return NO_BACKGROUND;
}

export function formatChoice(choice: BackgroundChoice): string {
  return choice.kind === 'picture' ? `picture:${choice.id}` : choice.kind;
}

/** Storage can be missing or refuse (private windows, blocked storage): the choice then lasts for this page. */
export function loadChoice(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): BackgroundChoice {
  try {
    return parseChoice(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return NO_BACKGROUND;
  }
}

export function saveChoice(choice: BackgroundChoice, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, formatChoice(choice));
  } catch {
    // not kept; nothing else to do
  }
}
