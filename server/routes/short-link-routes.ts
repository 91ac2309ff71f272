// POST /api/visit-code: the short link page (`/j#CODE`) sends the code from its fragment in the body,
// never in a URL, and gets what a long link carries: the appointment id and a link token. Codes that
// open nothing are counted per address (shared between nodes through Redis); an address that guessed
// too many in a minute is refused until the minute is over. A client's code also gives their language.
import { LANGUAGES } from '../../shared/i18n/translate.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { limitKey } from '../client-address.js';
import { ShortLinks } from '../links/short-links.js';

/** Unknown codes an address may try in a minute. A person mistyping needs a few; guessing needs billions. */
export const UNKNOWN_CODES_PER_MINUTE = 10;

const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const Answer = Type.Object(
  {
    appointmentId: Type.String(),
    token: Type.String(),
    /** The client's preferred language, for the page to open in; absent for a provider's code. */
    language: Type.Optional(Type.Union(LANGUAGES.map((l) => Type.Literal(l)))),
  },
  { additionalProperties: false },
);
const ErrorAnswer = Type.Object({ error: Type.String(), code: Type.String() });

export default async function shortLinkRoutes(app: FastifyInstance): Promise<void> {
  const { database, links, metrics, windowCounter } = app.vestibule;
  const shortLinks = new ShortLinks(database.db, links);
  const unknownCodes = windowCounter('unknown-codes', 60_000);

  app.post<{ Body: Static<typeof CodeBody> }>(
    '/api/visit-code',
    { bodyLimit: 1024, schema: { body: CodeBody, response: { 200: Answer, '4xx': ErrorAnswer } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const address = limitKey(req.ip);
      const unknown = await unknownCodes.peek(address);
      if (unknown.count >= UNKNOWN_CODES_PER_MINUTE) {
        metrics.rateLimited('unknown_codes');
        return reply
          .code(429)
          .header('retry-after', String(unknown.secondsUntilAtMost(UNKNOWN_CODES_PER_MINUTE - 1)))
          .send({ error: 'Too many codes that open no visit were tried from here. Wait a minute, then try again.', code: 'rate_limited' });
      }
      const found = await shortLinks.exchange(req.body.code);
      if (!found) {
        await unknownCodes.hit(address);
        req.log.info('unknown visit code');
        return reply
          .code(404)
          .send({ error: 'No visit has this code. Check it and try again, or ask your provider for a new link.', code: 'link_invalid' });
      }
      return found;
    },
  );
}
