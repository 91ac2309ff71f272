// What clients stated in the waiting room (their location, an address for emergencies, the consent
// version they agreed to), and what a visit needs to ask for and judge it: the practice's choices and
// the regions its therapist is licensed in. The emergency address is read only to show the visit's provider.
import type { Selectable } from 'kysely';
import type { Db } from './db.js';
import type { VisitLocationsTable } from './schema.js';

export interface StatedLocation {
  participantId: string;
  appointmentId: string;
  country: string;
  region: string;
  emergencyAddress: string | null;
  consentVersion: number | null;
  consentedAt: number | null;
  statedAt: number;
}

export interface ConsentText {
  text: string;
  version: number;
  everyVisit: boolean;
}

/** What a visit asks of its clients, and against which licences a stated location is judged. */
export interface VisitChecks {
  askLocation: boolean;
  consent: ConsentText | null;
  /** The therapist's licensed regions ("US-CA"); empty when none are listed (or no therapist). */
  licensedRegions: string[];
  /** Client participants of this visit who agreed to the current consent version at an earlier visit. */
  consentedBefore: Set<string>;
}

export const NO_CHECKS: VisitChecks = { askLocation: false, consent: null, licensedRegions: [], consentedBefore: new Set() };

export const parseRegions = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** The practice's choices about what a visit asks (its settings row); null when it has saved none. */
export interface PracticeChoices {
  ask_location: number;
  consent_text: string;
  consent_version: number;
  consent_every_visit: number;
}

/** What a visit asks, and the locations already stated when it asks anything. */
export interface VisitAsks {
  checks: VisitChecks;
  locations: StatedLocation[];
}

export class VisitLocationStore {
  constructor(private readonly db: Db) {}

  /**
   * For a node loading a visit, given the practice's choices (the visit's own statement brings them):
   * nothing more to read when it asks nothing (the usual case); otherwise the therapist's licences,
   * earlier consents and the locations stated so far.
   */
  async asksFor(appointmentId: string, choices: PracticeChoices | null): Promise<VisitAsks> {
    const checks = await this.checksFor(appointmentId, choices);
    return { checks, locations: checks.askLocation ? await this.forAppointment(appointmentId) : [] };
  }

  async save(l: StatedLocation): Promise<void> {
    const row = {
      appointment_id: l.appointmentId,
      country: l.country,
      region: l.region,
      emergency_address: l.emergencyAddress,
      consent_version: l.consentVersion,
      consented_at: l.consentedAt,
      stated_at: l.statedAt,
    };
    await this.db
      .insertInto('visit_locations')
      .values({ participant_id: l.participantId, ...row })
      .onConflict((oc) => oc.column('participant_id').doUpdateSet(row))
      .execute();
  }

  async forParticipant(participantId: string): Promise<StatedLocation | undefined> {
    const r = await this.db.selectFrom('visit_locations').selectAll().where('participant_id', '=', participantId).executeTakeFirst();
    return r && toLocation(r);
  }

  async forAppointment(appointmentId: string): Promise<StatedLocation[]> {
    const rows = await this.db.selectFrom('visit_locations').selectAll().where('appointment_id', '=', appointmentId).execute();
    return rows.map(toLocation);
  }

  /** The practice's choices, the visit therapist's licences, and who already consented to this version. */
  private async checksFor(appointmentId: string, settings: PracticeChoices | null): Promise<VisitChecks> {
    if (settings?.ask_location !== 1) return NO_CHECKS;
    const therapist = await this.db
      .selectFrom('appointments')
      .innerJoin('staff', 'staff.id', 'appointments.therapist_id')
      .select('staff.licensed_regions')
      .where('appointments.id', '=', appointmentId)
      .executeTakeFirst();
    const consent = settings.consent_text
      ? { text: settings.consent_text, version: settings.consent_version, everyVisit: settings.consent_every_visit === 1 }
      : null;
    const consentedBefore = consent && !consent.everyVisit ? await this.consentedBefore(appointmentId, consent.version) : new Set<string>();
    return { askLocation: true, consent, licensedRegions: parseRegions(therapist?.licensed_regions ?? ''), consentedBefore };
  }

  /** This visit's client participants whose client record agreed to `version` at another visit. */
  private async consentedBefore(appointmentId: string, version: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('participants as here')
      .innerJoin('participants as before', 'before.client_id', 'here.client_id')
      .innerJoin('visit_locations', 'visit_locations.participant_id', 'before.id')
      .select('here.id')
      .where('here.appointment_id', '=', appointmentId)
      .whereRef('before.id', '!=', 'here.id')
      .where('visit_locations.consent_version', '=', version)
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}

function toLocation(r: Selectable<VisitLocationsTable>): StatedLocation {
  return {
    participantId: r.participant_id,
    appointmentId: r.appointment_id,
    country: r.country,
    region: r.region,
    emergencyAddress: r.emergency_address,
    consentVersion: r.consent_version,
    consentedAt: r.consented_at === null ? null : Number(r.consented_at),
    statedAt: Number(r.stated_at),
  };
}
