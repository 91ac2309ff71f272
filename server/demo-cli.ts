// `npm run demo [-- --json] [-- --minutes N] [-- --starts-in MIN] [-- --clients N] [-- --revoke-client]`: creates a fresh
// demo appointment in DATA_DIR and prints its links. Works while the server runs (SQLite WAL).
// --starts-in shifts the start (negative: in the past), e.g. to see the "too early" and "expired" pages.
import { openCliContext } from './cli-context.js';
import { createDemoAppointment, longDemoLinks } from './demo.js';

function numberArg(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
}

const json = process.argv.includes('--json');
const minutes = numberArg('--minutes', 60, 1, 24 * 60);
const startsIn = numberArg('--starts-in', 0, -7 * 24 * 60, 365 * 24 * 60);
const clients = numberArg('--clients', 1, 1, 5);
const { config, store, links, close } = await openCliContext();
const demo = await createDemoAppointment(store, longDemoLinks(links, config.publicUrl), Date.now() + startsIn * 60_000, minutes, clients);
if (process.argv.includes('--revoke-client')) {
  const client = (await store.participants(demo.appointmentId)).find((p) => p.role === 'client')!;
  await links.revokeAllFor(client.id);
}
await close();
if (json) {
  const extra = clients > 1 ? { clientUrls: demo.clientUrls } : {};
  process.stdout.write(
    `${JSON.stringify({ appointmentId: demo.appointmentId, providerUrl: demo.providerUrl, clientUrl: demo.clientUrl, ...extra })}\n`,
  );
} else {
  const when = startsIn === 0 ? 'starts now' : `starts in ${startsIn} min`;
  const clientLines = demo.clientUrls.map((u, i) => `  Client${clients > 1 ? ` ${i + 1}` : ''}:${clients > 1 ? '' : '  '} ${u}`).join('\n');
  process.stdout.write(`Demo appointment (${minutes} min, ${when}):\n  Provider: ${demo.providerUrl}\n${clientLines}\n`);
}
