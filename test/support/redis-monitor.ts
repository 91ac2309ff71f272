// What clients send a real Redis, seen through MONITOR. Redis lists commands to a monitor in the order
// it runs them, but on its own connection: a test that has seen a command's effect elsewhere (a reply, a
// subscriber's message) may not have had the monitor's line yet. `stop()` therefore runs a marker
// command and waits for the monitor to list it: every command run before it has then been listed.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface CommandWatch {
  /** The commands kept so far, each as its arguments (the name first). */
  sent: string[][];
  /** Waits until the monitor has listed everything run before this call, then stops watching. */
  stop(): Promise<void>;
  /** Settles once the monitor's connection has closed for good: after stop(), or when its Redis went away. */
  ended: Promise<void>;
}

/** Keeps what `keep` accepts of the commands clients send; commands run by a script are left out. */
export async function watchCommands(url: string, keep: (args: string[]) => boolean, timeoutMs = 5000): Promise<CommandWatch> {
  // monitor() opens a connection of its own, with the options of the client it is called on. That
  // client is never used, so it must not connect. And the monitor must not outlive its Redis: a test that
  // fails before stop() leaves it open, and once that file's Redis stops it would retry forever, each
  // refusal an unhandled 'error' printed under whatever test runs next. It gives up at the first loss
  // instead (see `ended`).
  const monitor = await new Redis(url, { lazyConnect: true, retryStrategy: () => null }).monitor();
  monitor.on('error', () => {});
  const ended = new Promise<void>((resolve) => monitor.once('end', () => resolve()));
  const marker = `vestibule-test-marker-${randomUUID()}`;
  const sent: string[][] = [];
  let markerSeen: () => void = () => {};
  const seen = new Promise<void>((resolve) => (markerSeen = resolve));
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args[1] === marker) markerSeen();
    else if (!source.includes('lua') && keep(args)) sent.push(args);
  });
  return {
    sent,
    ended,
    async stop() {
      const client = new Redis(url, { retryStrategy: () => null });
      client.on('error', () => {}); // with its Redis gone, the echo below fails at once: stop() rejects
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`MONITOR did not list the marker command within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([client.echo(marker).then(() => seen), late]);
      } finally {
        clearTimeout(timer);
        client.disconnect();
        monitor.disconnect();
      }
    },
  };
}
