// The dashboard's transport: an answer without our own explanation (a proxy's 502 page) is told to
// staff in words, with what to do, never as a bare status code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, session } from '../../client/practice/api.js';

afterEach(() => vi.unstubAllGlobals());

async function failure(status: number, body: string, type: string): Promise<ApiError> {
  vi.stubGlobal('fetch', async () => new Response(body, { status, headers: { 'content-type': type } }));
  const err = await session().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('the dashboard’s requests', () => {
  it('a proxy’s error page (502, HTML): words and what to do, no status code', async () => {
    const err = await failure(502, '<html><h1>502 Bad Gateway</h1></html>', 'text/html');
    expect(err.status).toBe(502);
    expect(err.message).toBe('Vestibule could not answer just now. Wait a moment, then try again.');
    expect(err.message).not.toMatch(/\d{3}/);
  });

  it('another answer without an explanation says to reload', async () => {
    expect((await failure(404, 'Not Found', 'text/plain')).message).toBe('That did not work. Reload the page, then try again.');
  });

  it('the server’s own explanation is shown as it is', async () => {
    const err = await failure(409, JSON.stringify({ error: 'This appointment is cancelled.', code: 'cancelled' }), 'application/json');
    expect([err.message, err.code]).toEqual(['This appointment is cancelled.', 'cancelled']);
  });
});
