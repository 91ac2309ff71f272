// `npm run appointments -- <command>`: manage appointments from the server's shell.
//   create --title T --starts 2026-11-24T15:00 --minutes 50 --provider "Dr. Rivera" --client "Jordan" [--client …] [--json]
//   link --participant ID            a fresh link for one participant
//   revoke --participant ID          withdraw all of a participant's links
// Works while the server runs (SQLite WAL). Prints links to the terminal, never to a log.
import { parseArgs } from 'node:util';
import { AdminError, createAppointment, issueLink, revokeLinks } from './admin/appointments-admin.js';
import { openCliContext } from './cli-context.js';

const USAGE = `usage:
  npm run appointments -- create --title "Session" --starts 2026-11-24T15:00 --minutes 50 --provider "Dr. Rivera" --client "Jordan" [--client "Alex"] [--json]
  npm run appointments -- link --participant <id>
  npm run appointments -- revoke --participant <id>`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      title: { type: 'string', default: 'Video visit' },
      starts: { type: 'string' },
      minutes: { type: 'string', default: '50' },
      provider: { type: 'string' },
      client: { type: 'string', multiple: true },
      participant: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const ctx = await openCliContext();
  const deps = { store: ctx.store, links: ctx.links, publicUrl: ctx.config.publicUrl };
  try {
    if (command === 'create') {
      if (!values.starts || !values.provider || !values.client?.length)
        throw new AdminError('create needs --starts, --provider and at least one --client');
      const created = await createAppointment(deps, {
        title: values.title!,
        startsAt: new Date(values.starts),
        minutes: Number(values.minutes),
        provider: values.provider,
        clients: values.client,
      });
      if (values.json) return void process.stdout.write(`${JSON.stringify(created)}\n`);
      process.stdout.write(`Appointment ${created.appointmentId}: ${created.startsAt} to ${created.endsAt}\n`);
      for (const l of created.links) process.stdout.write(`  ${l.role.padEnd(8)} ${l.name} (${l.participantId})\n    ${l.url}\n`);
    } else if (command === 'link' && values.participant) {
      process.stdout.write(`${await issueLink(deps, values.participant)}\n`);
    } else if (command === 'revoke' && values.participant) {
      await revokeLinks(deps, values.participant);
      process.stdout.write(`Revoked every link of participant ${values.participant}.\n`);
    } else {
      throw new AdminError(USAGE);
    }
  } finally {
    await ctx.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof AdminError ? e.message : e);
  process.exit(2);
});
