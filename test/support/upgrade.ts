// What a WebSocket upgrade to /ws gets: 101 when it opened, the refusal's status and headers otherwise.
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';

export async function upgradeResponse(
  app: FastifyInstance,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => {
      ws.once('open', () => {
        ws.close();
        resolve({ status: 101, headers: res.headers });
      });
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    ws.once('error', reject);
  });
}

export async function upgradeStatus(app: FastifyInstance, headers: Record<string, string> = {}): Promise<number> {
  return (await upgradeResponse(app, headers)).status;
}
