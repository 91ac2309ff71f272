// Routes a person uses before they can sign in, each with a one-time link's token: creating the owner
// account on first start, accepting an invitation, and setting a new password after a reset.
// The password's rules are checked before the link is used up, so a rejected password costs nothing.
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EmailTaken } from '../../store/staff.js';
import { conflict, PracticeError } from '../errors.js';
import { checkPasswordRules, hashPassword } from '../passwords.js';
import { Body, Email, OneTimeToken, Password, PersonName } from '../schemas.js';
import type { PracticeServices } from '../services.js';

const SetupBody = Body({ token: OneTimeToken, name: PersonName, email: Email, password: Password });
const PasswordBody = Body({ token: OneTimeToken, password: Password });
const open = { practice: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } };

export function onboardingRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.post<{ Body: Static<typeof SetupBody> }>('/setup', { schema: { body: SetupBody }, config: open }, async (req, reply) => {
    const { token, name, email, password } = req.body;
    checkPasswordRules(password);
    const passwordHash = await hashPassword(password);
    await s.oneTimeLinks.use(token, 'setup');
    if ((await s.staff.activeOwnerCount()) > 0) throw conflict('This practice already has an owner. Sign in instead.');
    try {
      const owner = await s.staff.create({ email, name, role: 'owner', passwordHash, now: s.now() });
      await s.audit.record({ event: 'practice set up', staffId: owner.id, subjectStaffId: owner.id }, s.now());
      return reply.code(201).send({ staffId: owner.id });
    } catch (e) {
      if (e instanceof EmailTaken) throw conflict(e.message, 'email_taken');
      throw e;
    }
  });

  app.post<{ Body: Static<typeof PasswordBody> }>('/invitations/accept', { schema: { body: PasswordBody }, config: open }, async (req) => {
    return setPasswordWithLink(s, req.body, 'invite');
  });

  app.post<{ Body: Static<typeof PasswordBody> }>('/password-reset', { schema: { body: PasswordBody }, config: open }, async (req) => {
    return setPasswordWithLink(s, req.body, 'reset');
  });
}

async function setPasswordWithLink(s: PracticeServices, body: { token: string; password: string }, purpose: 'invite' | 'reset') {
  checkPasswordRules(body.password);
  const passwordHash = await hashPassword(body.password);
  const { staffId } = await s.oneTimeLinks.use(body.token, purpose);
  const member = staffId ? await s.staff.byId(staffId) : undefined;
  if (!member || member.deactivatedAt !== null) throw new PracticeError(403, 'deactivated', 'This account has been deactivated.');
  await s.staff.setPasswordHash(member.id, passwordHash);
  // A reset means the old password may be known to someone else: every open session ends.
  if (purpose === 'reset') await s.auth.signOutEverywhere(member.id, member.id, 'password reset');
  else await s.audit.record({ event: 'invitation accepted', staffId: member.id, subjectStaffId: member.id }, s.now());
  return { staffId: member.id, email: member.email };
}
