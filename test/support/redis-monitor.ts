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
}

/** Keeps what `keep` accepts of the commands clients send; commands run by a script are left out. */
export async function watchCommands(url: string, keep: (args: string[]) => boolean, timeoutMs = 5000): Promise<CommandWatch> {
  // monitor() opens a connection of its own; the client it is called on is never used, so it must not
  // connect either (connected, it would outlive the test and retry forever once that Redis stops).
  const monitor = await new Redis(url, { lazyConnect: true }).monitor();
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
    async stop() {
      const client = new Redis(url);
      let timer: NodeJS.Timeout | undefined;
      try {
        await client.echo(marker);
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`MONITOR did not list the marker command within ${timeoutMs} ms`)), timeoutMs);
        });
        await Promise.race([seen, late]);
      } finally {
        clearTimeout(timer);
        client.disconnect();
        monitor.disconnect();
      }
    },
  };
}
