// The practice's first start: while no owner exists, a one-time link (valid an hour) lets the person
// installing Vestibule create the owner account. main shows it at a terminal only; it is never logged.
import type { Db } from '../store/db.js';
import { OneTimeTokenStore } from '../store/one-time-tokens.js';
import { StaffStore } from '../store/staff.js';
import { OneTimeLinks } from './one-time-links.js';

/**
 * The set-up link's URL, or null when the practice has an owner. Each call makes a new link and
 * withdraws earlier ones, so only the link printed last works.
 */
export async function ensureSetupLink(db: Db, publicUrl: string, now: () => number = Date.now): Promise<string | null> {
  if (await hasOwner(db)) return null;
  const link = await new OneTimeLinks(new OneTimeTokenStore(db), publicUrl, now).issue('setup', null);
  return link.url;
}

/**
 * What the server says at start while the practice has no owner (null once it has one). At a
 * terminal, the set-up link itself. Otherwise the output is a log (a container's, a service
 * manager's) that others may read and keep: a link there would let any of them become the owner
 * within the hour, so it says how to get the link from the server's shell instead.
 */
export async function firstStartNotice(db: Db, publicUrl: string, atTerminal: boolean): Promise<string | null> {
  if (!atTerminal) {
    if (await hasOwner(db)) return null;
    return (
      "The practice has no owner account yet. Get the one-time link that creates it from the server's shell:\n" +
      '  npm run admin -- setup-link\n' +
      '  (in a container: node dist/server/admin-staff-cli.js setup-link)\n'
    );
  }
  const url = await ensureSetupLink(db, publicUrl);
  return url && `Create the practice's owner account (this link works once, for one hour):\n  ${url}\n`;
}

const hasOwner = async (db: Db): Promise<boolean> => (await new StaffStore(db).activeOwnerCount()) > 0;
