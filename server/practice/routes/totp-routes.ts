// Setting up two-step sign-in for oneself: /me/totp/start makes a secret (shown once, as text and as
// an otpauth:// URI for a QR code), /me/totp/confirm turns it on once the app's first code is right.
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { badRequest, conflict } from '../errors.js';
import { signedIn } from '../guard.js';
import { Body, TotpCode } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import { newTotpSecret, totpStep, totpUri } from '../totp.js';

const CodeBody = Body({ code: TotpCode });
const enrolling = { practice: { duringTotpEnrollment: true } };

export function totpRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.post('/me/totp/start', { config: enrolling }, async (req) => {
    const me = (await s.staff.byId(signedIn(req).staff.id))!;
    if (me.totpEnabled) throw conflict('Two-step sign-in is already on for your account.');
    const secret = newTotpSecret();
    await s.staff.setPendingTotpSecret(me.id, secret);
    return { secret, uri: totpUri(secret, me.email) };
  });

  app.post<{ Body: Static<typeof CodeBody> }>('/me/totp/confirm', { schema: { body: CodeBody }, config: enrolling }, async (req) => {
    const staffId = signedIn(req).staff.id;
    const credentials = await s.staff.credentials(staffId);
    const now = s.now();
    const step = credentials?.totpSecret ? totpStep(credentials.totpSecret, req.body.code, now) : null;
    if (step === null) throw badRequest('That code is not right. Check the app shows Vestibule and try the current code.', 'totp_invalid');
    await s.staff.enableTotp(staffId, step);
    await s.audit.record({ event: 'two-step sign-in on', staffId, subjectStaffId: staffId }, now);
    return { totpEnabled: true };
  });

  app.post<{ Body: Static<typeof CodeBody> }>('/me/totp/disable', { schema: { body: CodeBody } }, async (req) => {
    const staffId = signedIn(req).staff.id;
    if ((await s.settings.get()).requireTotp) throw conflict('The practice requires two-step sign-in, so it cannot be turned off.');
    const credentials = await s.staff.credentials(staffId);
    const now = s.now();
    const step = credentials?.totpSecret ? totpStep(credentials.totpSecret, req.body.code, now) : null;
    if (step === null) throw badRequest('That code is not right.', 'totp_invalid');
    await s.staff.disableTotp(staffId);
    await s.audit.record({ event: 'two-step sign-in off', staffId, subjectStaffId: staffId }, now);
    return { totpEnabled: false };
  });
}
