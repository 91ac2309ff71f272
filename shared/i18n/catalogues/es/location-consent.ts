import type { Translation } from '../../translate.js';
import type { locationConsentMessages } from '../location-consent.js';

// The messages of ../location-consent.ts in Spanish.
export const locationConsentSpanish: Translation<typeof locationConsentMessages> = {
  heading: 'Antes de su consulta',
  intro:
    '{provider} necesita saber dónde se encuentra usted en este momento. De eso depende que pueda atenderle allí y a dónde enviar ayuda en caso de emergencia.',
  country: 'País',
  unitedStates: 'Estados Unidos',
  canada: 'Canadá',
  anotherCountry: 'Otro país',
  state: 'Estado',
  province: 'Provincia o territorio',
  chooseState: 'Elija su estado',
  chooseProvince: 'Elija su provincia o territorio',
  countryName: '¿En qué país?',
  region: 'Estado, provincia o región',
  address: 'La dirección donde se encuentra ahora (opcional)',
  addressHint: 'Solo {provider} la ve, y solo para enviarle ayuda en una emergencia.',
  consentHeading: 'Consentimiento para la atención por video',
  consentAgree: 'Lo he leído y estoy de acuerdo',
  submit: 'Continuar',
  change: 'Cambiar dónde estoy',
  stated: 'Gracias. {provider} ya sabe que usted está en {place}.',
  needCountry: 'Elija el país en el que se encuentra.',
  needRegion: 'Elija el estado o la provincia en que se encuentra.',
  needPlace: 'Escriba el país y la región en que se encuentra.',
  needConsent: 'Lea el consentimiento y marque la casilla para aceptarlo.',
  refused: 'No se pudo enviar. Revise sus respuestas e inténtelo de nuevo.',
};
