// A visit's provider and client, both connected and the client admitted: where most call tests start.
import type { TestApp, Visit } from './app.js';
import { isType, WsClient } from './ws-client.js';

/** Joins the provider and the client of `v`, admits the client, and waits until each has met the other. */
export async function inCall(app: TestApp['app'], v: Visit): Promise<{ provider: WsClient; client: WsClient }> {
  const provider = await WsClient.join(app, v.appointmentId, v.providerToken);
  const client = await WsClient.join(app, v.appointmentId, v.clientToken);
  provider.send({ type: 'admit', participantId: v.clientId });
  await client.next(isType('peer-joined'));
  await provider.next(isType('peer-joined'));
  return { provider, client };
}
