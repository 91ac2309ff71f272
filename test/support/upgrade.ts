// The HTTP status a WebSocket upgrade to /ws gets: 101 when it opened, the refusal's status otherwise.
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export async function upgradeStatus(app: FastifyInstance, headers: Record<string, string> = {}): Promise<number> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}
