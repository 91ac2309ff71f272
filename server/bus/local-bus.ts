// One process, no other nodes: there is nothing to publish to or deliver to.
import type { BusListener, Delivery, SharedVisitState, VisitBus, VisitEvent } from './types.js';

export class LocalBus implements VisitBus {
  readonly shared = false;

  constructor(readonly nodeId: string) {}

  listen(_listener: BusListener): void {}

  async follow(_appointmentId: string): Promise<void> {}

  async sharedState(_appointmentId: string): Promise<SharedVisitState> {
    return { presence: [], media: {}, summaries: {}, notice: null, audioFirst: true };
  }

  unfollow(_appointmentId: string): void {}

  publish(_appointmentId: string, _event: VisitEvent): void {}

  deliver(node: string, _delivery: Delivery): void {
    // Every connection is local, so the hub never asks; if it did, it is a bug worth hearing of.
    throw new Error(`LocalBus cannot deliver to node ${node}`);
  }

  async aliveNodes(nodes: string[]): Promise<Set<string>> {
    return new Set(nodes.filter((n) => n === this.nodeId));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
