// The practice's first start: while no owner exists, a one-time link (valid an hour) lets the person
// installing Vestibule create the owner account. main prints it to the terminal; it is never logged.
import type { Db } from '../store/db.js';
import { OneTimeTokenStore } from '../store/one-time-tokens.js';
import { StaffStore } from '../store/staff.js';
import { OneTimeLinks } from './one-time-links.js';

/**
 * The set-up link's URL, or null when the practice has an owner. Each call makes a new link and
 * withdraws earlier ones, so only the link printed last works.
 */
export async function ensureSetupLink(db: Db, publicUrl: string, now: () => number = Date.now): Promise<string | null> {
  if ((await new StaffStore(db).activeOwnerCount()) > 0) return null;
  const link = await new OneTimeLinks(new OneTimeTokenStore(db), publicUrl, now).issue('setup', null);
  return link.url;
}
