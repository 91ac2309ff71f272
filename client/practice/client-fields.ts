// A client's fields (name, email, phone, time zone, language, therapist), as the New client form and
// the client edit form both show them, and the therapist select the booking form shares.
import { h } from '../ui/dom.js';
import type { Client, ClientInput, Language, Staff, Therapist } from './api.js';
import { viewerZone } from './start-fields.js';
import { field, input, select } from './ui.js';

function timeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return zones.includes(viewerZone()) ? zones : [viewerZone(), ...zones];
}

/** A therapist works with their own caseload, so only the other roles pick a therapist. */
export const picksTherapist = (me: Staff) => me.role !== 'therapist';

export function therapistSelect(me: Staff): HTMLSelectElement | null {
  return picksTherapist(me) ? select('therapist', []) : null;
}

/** Fills the therapist select again, keeping the choice (first time: `preferred`, else the signed-in person). */
export function fillTherapists(s: HTMLSelectElement | null, me: Staff, therapists: Therapist[], preferred?: string): void {
  if (!s) return;
  const keep = s.value || preferred || me.id;
  s.replaceChildren(...therapists.map((t) => h('option', { value: t.id, text: t.teletherapy ? t.name : `${t.name} (Teletherapy off)` })));
  if (therapists.some((t) => t.id === keep)) s.value = keep;
}

export interface ClientFieldset {
  elements: (HTMLElement | null)[];
  /** What the fields say, or a sentence saying what is missing. */
  read(): ClientInput | string;
  clear(): void;
  updateTherapists(therapists: Therapist[]): void;
}

export function clientFieldset(me: Staff, initial?: Client): ClientFieldset {
  const name = input('text', 'name', { required: true, autocomplete: 'off', value: initial?.name });
  const email = input('email', 'email', { autocomplete: 'off', value: initial?.email ?? undefined });
  const phone = input('tel', 'phone', { autocomplete: 'off', value: initial?.phone ?? undefined });
  const zones = timeZones();
  if (initial && !zones.includes(initial.timeZone)) zones.unshift(initial.timeZone);
  const zone = select(
    'timeZone',
    zones.map((z) => [z, z.replaceAll('_', ' ')]),
    initial?.timeZone ?? viewerZone(),
  );
  const language = select(
    'language',
    [
      ['en', 'English'],
      ['es', 'Spanish (español)'],
    ],
    initial?.language ?? 'en',
  );
  const therapist = therapistSelect(me);
  return {
    elements: [
      field('Name', name),
      field('Email (optional)', email),
      field('Phone (optional)', phone),
      field('Time zone', zone),
      field('Language', language),
      therapist && field('Therapist', therapist),
    ],
    read() {
      if (!name.value.trim()) return 'Enter the client’s name.';
      return {
        name: name.value.trim(),
        email: email.value.trim() || null,
        phone: phone.value.trim() || null,
        timeZone: zone.value,
        language: language.value as Language,
        ...(therapist ? { therapistId: therapist.value } : {}),
      };
    },
    clear() {
      name.value = '';
      email.value = '';
      phone.value = '';
    },
    updateTherapists: (therapists) => fillTherapists(therapist, me, therapists, initial?.therapistId),
  };
}
