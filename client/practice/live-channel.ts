// The dashboard's end of the live channel (GET /api/practice/live, Server-Sent Events): the status of
// the therapist's visits of the day, pushed by the server. EventSource reconnects by itself after a
// dropped connection; when the server ends the channel on purpose (signed out), it stays closed.
import type { LiveEnd, LiveVisitStatus } from '../../shared/live-status.js';

export interface LiveChannel {
  close(): void;
}

export function openLiveChannel(
  range: { from: number; to: number },
  on: { status(s: LiveVisitStatus): void; end(reason: LiveEnd['reason']): void },
): LiveChannel {
  const source = new EventSource(`/api/practice/live?from=${range.from}&to=${range.to}`);
  source.addEventListener('status', (e) => on.status(JSON.parse((e as MessageEvent<string>).data) as LiveVisitStatus));
  source.addEventListener('end', (e) => {
    source.close();
    on.end((JSON.parse((e as MessageEvent<string>).data) as LiveEnd).reason);
  });
  return { close: () => source.close() };
}
