// The live channels open on this node, counted per staff session (a few tabs may each hold one; more
// is a loop or a leak), and all ended when the server stops.
import type { LiveStream } from './live-stream.js';

export const MAX_STREAMS_PER_SESSION = 4;

export class LiveStreams {
  private readonly bySession = new Map<string, Set<LiveStream>>();

  full(sessionId: string): boolean {
    return (this.bySession.get(sessionId)?.size ?? 0) >= MAX_STREAMS_PER_SESSION;
  }

  add(sessionId: string, stream: LiveStream): void {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(stream);
  }

  remove(sessionId: string, stream: LiveStream): void {
    const set = this.bySession.get(sessionId);
    set?.delete(stream);
    if (set?.size === 0) this.bySession.delete(sessionId);
  }

  endAll(): void {
    for (const set of [...this.bySession.values()]) for (const stream of [...set]) stream.end('server_restarting');
  }
}
