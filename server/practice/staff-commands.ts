// `npm run admin -- <command>`: the practice's staff from the server's shell, for first start and
// for when nobody can sign in. Each command returns what to print; links go to the terminal only.
import { parseArgs } from 'node:util';
import { attachOptionValues } from '../cli-args.js';
import { API_KEY_USAGE, runApiKeyCommand } from '../api/api-key-commands.js';
import { badRequest, notFound, PracticeError } from './errors.js';
import type { PracticeServices } from './services.js';
import { ensureSetupLink } from './setup-link.js';
import { type Actor, inviteStaff, issuePasswordReset } from './staff-admin.js';
import { staffView } from './views.js';

export const STAFF_USAGE = `usage:
  npm run admin -- setup-link                                   the first-start link to create the owner (while there is none)
  npm run admin -- create-owner --email E --name "Full Name"    an owner account, with a one-time link to set its password
  npm run admin -- reset-password --email E                     a one-time link (1 hour) to set a new password
  npm run admin -- list                                         every staff member, their role and status
${API_KEY_USAGE}`;

/** The command line acts with an owner's rights; the audit log shows no staff id for it. */
const COMMAND_LINE: Actor = { id: null, role: 'owner' };

export async function runStaffCommand(s: PracticeServices, argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'api-key') return runApiKeyCommand(s, rest);
  const options = { email: { type: 'string' }, name: { type: 'string' } } as const;
  const { values } = parseArgs({ args: attachOptionValues(rest, Object.keys(options)), options });
  switch (command) {
    case 'setup-link': {
      const url = await ensureSetupLink(s.db, s.config.publicUrl, s.now);
      return url
        ? `Open this link within an hour to create the practice's owner account:\n  ${url}\n`
        : 'The practice has an owner already.\n';
    }
    case 'create-owner': {
      if (!values.email || !values.name) throw badRequest('create-owner needs --email and --name');
      if (!/^[^\s@]+@[^\s@]+$/.test(values.email)) throw badRequest('--email is not an email address');
      const { staff, invitation } = await inviteStaff(s, COMMAND_LINE, {
        email: values.email,
        name: values.name,
        role: 'owner',
        teletherapy: false,
      });
      return `Owner ${staff.id} created. To set their password, open within 72 hours:\n  ${invitation.url}\n`;
    }
    case 'reset-password': {
      if (!values.email) throw badRequest('reset-password needs --email');
      const member = await s.staff.byEmail(values.email);
      if (!member) throw notFound('staff member with that email');
      const link = await issuePasswordReset(s, COMMAND_LINE, member.id);
      return `To set a new password, open within an hour:\n  ${link.url}\n`;
    }
    case 'list':
      return (await s.staff.list())
        .map(staffView)
        .map((m) => `${m.id}  ${m.role.padEnd(9)} ${m.status.padEnd(11)} ${m.teletherapy ? 'teletherapy' : '           '}  ${m.email}\n`)
        .join('');
    default:
      throw new PracticeError(400, 'usage', STAFF_USAGE);
  }
}
