// The practice's settings, for its owner: idle timeout, absolute session lifetime, whether everyone
// must use two-step sign-in, reminder times, and what clients are asked before each video visit
// (where they are, and a telehealth consent text whose version goes up when it changes).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_CONSENT_CHARS } from '../../../shared/constants.js';
import { conflict } from '../errors.js';
import { signedIn } from '../guard.js';
import { Body } from '../schemas.js';
import type { PracticeServices } from '../services.js';

const SettingsBody = Body({
  idleTimeoutMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  absoluteLifetimeHours: Type.Integer({ minimum: 1, maximum: 72 }),
  requireTotp: Type.Boolean(),
});
const ReminderBody = Body({ minutes: Type.Array(Type.Integer({ minimum: 5, maximum: 14 * 24 * 60 }), { maxItems: 4 }) });
const VisitChecksBody = Body({
  askLocation: Type.Boolean(),
  consentText: Type.String({ maxLength: MAX_CONSENT_CHARS }),
  consentEveryVisit: Type.Boolean(),
});
const owner = { practice: { permission: 'settings:manage' as const } };

export function settingsRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.get('/settings', { config: owner }, async () => s.settings.get());

  app.put<{ Body: Static<typeof SettingsBody> }>('/settings', { schema: { body: SettingsBody }, config: owner }, async (req) => {
    const me = signedIn(req).staff;
    // Requiring it of everyone before having it oneself would lock the owner out of everything but set-up.
    if (req.body.requireTotp && !me.totpEnabled) throw conflict('Turn on two-step sign-in for your own account first.', 'totp_not_enabled');
    await s.settings.update(req.body);
    await s.audit.record({ event: 'settings changed', staffId: me.id }, s.now());
    return s.settings.get();
  });

  // When clients are reminded of video visits, in minutes before; [] turns reminders off.
  app.get('/settings/reminders', { config: owner }, async () => ({ minutes: await s.settings.reminderMinutes() }));

  app.put<{ Body: Static<typeof ReminderBody> }>('/settings/reminders', { schema: { body: ReminderBody }, config: owner }, async (req) => {
    await s.settings.setReminderMinutes(req.body.minutes);
    await s.audit.record({ event: 'reminder times changed', staffId: signedIn(req).staff.id }, s.now());
    return { minutes: await s.settings.reminderMinutes() };
  });

  // Before each video visit: where the client is, and the consent they agree to.
  app.get('/settings/visit-checks', { config: owner }, async () => s.settings.visitChecks());

  app.put<{ Body: Static<typeof VisitChecksBody> }>(
    '/settings/visit-checks',
    { schema: { body: VisitChecksBody }, config: owner },
    async (req) => {
      const before = await s.settings.visitChecks();
      await s.settings.setVisitChecks(req.body);
      const after = await s.settings.visitChecks();
      const staffId = signedIn(req).staff.id;
      await s.audit.record({ event: 'visit checks changed', staffId }, s.now());
      if (after.consentVersion !== before.consentVersion)
        await s.audit.record({ event: `consent text changed to version ${after.consentVersion}`, staffId }, s.now());
      return after;
    },
  );
}
