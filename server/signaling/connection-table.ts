// A visit's connections, one per participant. A visit holds a handful, and thousands of visits are
// live at once: an array replaced on every change costs about 60 bytes where a Map costs about 270,
// and relaying looks up among at most six. A loop over values() while someone joins or leaves keeps
// the array it started with, as a Map's iterator would not.
import type { Connection } from './live-visit.js';

export class ConnectionTable {
  private list: readonly Connection[] = [];

  get size(): number {
    return this.list.length;
  }

  get(participantId: string): Connection | undefined {
    for (const c of this.list) if (c.participantId === participantId) return c;
    return undefined;
  }

  has(participantId: string): boolean {
    return this.get(participantId) !== undefined;
  }

  /** Makes `conn` its participant's connection, replacing any earlier one; returns that one. */
  put(conn: Connection): Connection | undefined {
    const i = this.list.findIndex((c) => c.participantId === conn.participantId);
    const previous = i < 0 ? undefined : this.list[i];
    // concat and with() allocate exactly what they hold; a push would reserve room for 16.
    this.list = i < 0 ? this.list.concat([conn]) : this.list.with(i, conn);
    return previous;
  }

  /** Removes the participant's connection; returns whether there was one. */
  delete(participantId: string): boolean {
    const i = this.list.findIndex((c) => c.participantId === participantId);
    if (i < 0) return false;
    this.list = this.list.slice(0, i).concat(this.list.slice(i + 1));
    return true;
  }

  /** The connections now, in the order they came; later changes make a new array. */
  values(): readonly Connection[] {
    return this.list;
  }

  keys(): string[] {
    return this.list.map((c) => c.participantId);
  }
}
