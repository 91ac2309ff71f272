// The language a client's visit link opens the page in: the client's preferred language from their
// record. Providers' links carry none (their browser decides), nor do clients without a record.
import type { Language } from '../../shared/i18n/translate.js';
import type { Db } from '../store/db.js';

/** The preferred language of the client a participant stands for, or null (a provider, or no client record). */
export async function participantLanguage(db: Db, participantId: string): Promise<Language | null> {
  const row = await db
    .selectFrom('participants')
    .innerJoin('clients', 'clients.id', 'participants.client_id')
    .select('clients.language')
    .where('participants.id', '=', participantId)
    .where('participants.role', '=', 'client')
    .executeTakeFirst();
  return row?.language ?? null;
}

/** A long link (`…/v/ID#t=TOKEN`) with the language added to its fragment: `#t=TOKEN&lang=es`. */
export function withLanguage(longUrl: string, language: Language | null): string {
  return language ? `${longUrl}&lang=${language}` : longUrl;
}
