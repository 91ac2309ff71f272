// Frames written to one socket in the same turn of the event loop leave in one system call. A join
// sends the newcomer its welcome and a roster, an admission sends three frames, and under load several
// relayed signals meet the same socket in one turn: each was a write of its own (writev was the join's
// largest cost after SQLite in a CPU profile). The socket is corked on its first frame of the turn and
// uncorked once the turn's callbacks and promises have run, so nothing waits longer than that.
import type { Socket } from 'node:net';

const corked: Socket[] = [];

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.length = 0;
}

/** Call before writing to `socket`: holds this turn's writes to it for one write at the turn's end. */
export function batchWrites(socket: Socket): void {
  // ws corks around each frame's header and payload itself; a count above zero means we already did.
  if (socket.writableCorked > 0 || socket.destroyed) return;
  socket.cork();
  if (corked.push(socket) === 1) process.nextTick(uncorkAll);
}
