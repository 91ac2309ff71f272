// `npm run admin -- <command>`: manage the practice's staff from the server's shell (also while it
// runs). See server/practice/staff-commands.ts for the commands. Links print to the terminal only.
import pino from 'pino';
import { openCliContext } from './cli-context.js';
import { PracticeError } from './practice/errors.js';
import { practiceServices } from './practice/services.js';
import { runStaffCommand } from './practice/staff-commands.js';

async function main(): Promise<void> {
  const ctx = await openCliContext();
  const services = practiceServices({
    db: ctx.database.db,
    config: ctx.config,
    appointments: ctx.store,
    links: ctx.links,
    log: pino({ level: 'warn' }),
  });
  try {
    process.stdout.write(await runStaffCommand(services, process.argv.slice(2)));
  } finally {
    await ctx.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof PracticeError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : e);
  process.exit(2);
});
