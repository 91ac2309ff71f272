// What the client emails say, in English and Spanish. Plain facts only: who (the provider), when (in
// the client's own time zone), the link, the connection test and what to expect. Never the
// appointment's title or anything about why someone is seen.
import type { Language } from '../store/clients.js';

export type VisitMailKind = 'invitation' | 'update' | 'cancellation' | 'reminder' | 'in-person';

/** Kinds that carry no visit link: the video visit is gone (cancelled, or now in person). */
export const KINDS_WITHOUT_LINK: ReadonlySet<VisitMailKind> = new Set(['cancellation', 'in-person']);

export interface VisitFacts {
  clientName: string;
  providerName: string;
  /** The visit's start, already written in the client's language and time zone. */
  when: string;
}

export interface Wording {
  subject: Record<VisitMailKind, (f: VisitFacts) => string>;
  greeting: (f: VisitFacts) => string;
  /** The opening paragraph of each kind. */
  lead: Record<VisitMailKind, (f: VisitFacts) => string>;
  whenLabel: string;
  joinLabel: string;
  /** After the link of an update: the earlier link stops working. */
  linkStillWorks: string;
  testLabel: string;
  expectTitle: string;
  expect: (f: VisitFacts) => string[];
  closing: string;
  /** The calendar entry's title: neutral, never the appointment's own title. */
  calendarSummary: (f: VisitFacts) => string;
  /** The same, once the visit is in person rather than by video. */
  inPersonSummary: (f: VisitFacts) => string;
}

export const WORDING: Record<Language, Wording> = {
  en: {
    subject: {
      invitation: (f) => `Your video visit on ${f.when}`,
      update: (f) => `Your video visit has moved to ${f.when}`,
      cancellation: (f) => `Cancelled: your video visit on ${f.when}`,
      reminder: (f) => `Reminder: your video visit on ${f.when}`,
      'in-person': (f) => `Your visit on ${f.when} is now in person`,
    },
    greeting: (f) => `Hello ${f.clientName},`,
    lead: {
      invitation: (f) => `${f.providerName} has set up a video visit with you.`,
      update: (f) => `${f.providerName} has moved your video visit to a new time.`,
      cancellation: (f) => `${f.providerName} has cancelled your video visit. The link you received for it no longer works.`,
      reminder: (f) => `This is a reminder of your video visit with ${f.providerName}.`,
      'in-person': (f) =>
        `${f.providerName} will see you in person for this visit, not by video. The video link you received for it no longer works.`,
    },
    whenLabel: 'When',
    joinLabel: 'Join the visit',
    linkStillWorks: 'The link you received before still works and opens the visit at its new time; this one does too.',
    testLabel: 'Check your camera, microphone and connection beforehand',
    expectTitle: 'What to expect',
    expect: (f) => [
      'Open the link a few minutes early, on a phone or computer with a camera.',
      'Your browser will ask to use your camera and microphone: please allow both.',
      `You will wait in a waiting room until ${f.providerName} lets you in.`,
    ],
    closing: 'This email was sent by Vestibule for your provider. Please do not reply to it with personal information.',
    calendarSummary: (f) => `Video visit with ${f.providerName}`,
    inPersonSummary: (f) => `Visit with ${f.providerName}`,
  },
  es: {
    subject: {
      invitation: (f) => `Su videoconsulta del ${f.when}`,
      update: (f) => `Su videoconsulta ha cambiado al ${f.when}`,
      cancellation: (f) => `Cancelada: su videoconsulta del ${f.when}`,
      reminder: (f) => `Recordatorio: su videoconsulta del ${f.when}`,
      'in-person': (f) => `Su consulta del ${f.when} ahora será presencial`,
    },
    greeting: (f) => `Hola, ${f.clientName}:`,
    lead: {
      invitation: (f) => `${f.providerName} ha programado una videoconsulta con usted.`,
      update: (f) => `${f.providerName} ha cambiado su videoconsulta a otro horario.`,
      cancellation: (f) => `${f.providerName} ha cancelado su videoconsulta. El enlace que recibió ya no funciona.`,
      reminder: (f) => `Le recordamos su videoconsulta con ${f.providerName}.`,
      'in-person': (f) =>
        `${f.providerName} le atenderá en persona en esta consulta, no por video. El enlace de video que recibió ya no funciona.`,
    },
    whenLabel: 'Cuándo',
    joinLabel: 'Entrar a la consulta',
    linkStillWorks: 'El enlace que recibió antes sigue funcionando y abre la visita en su nuevo horario; este también.',
    testLabel: 'Compruebe antes su cámara, micrófono y conexión',
    expectTitle: 'Qué esperar',
    expect: (f) => [
      'Abra el enlace unos minutos antes, en un teléfono o una computadora con cámara.',
      'Su navegador le pedirá permiso para usar la cámara y el micrófono: permita ambos.',
      `Esperará en una sala de espera hasta que ${f.providerName} le dé entrada.`,
    ],
    closing: 'Vestibule envió este correo en nombre de su profesional. No responda con información personal.',
    calendarSummary: (f) => `Videoconsulta con ${f.providerName}`,
    inPersonSummary: (f) => `Consulta con ${f.providerName}`,
  },
};

const LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-ES' };

/** A moment as the recipient reads it: weekday, date, time and zone, in their language and time zone. */
export function formatWhen(at: number, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(at));
}
