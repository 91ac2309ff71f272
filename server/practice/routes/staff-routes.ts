// Staff management for owners and managers: the list, invitations (the link comes back in the
// response, and is emailed too: see server/mail), roles, Teletherapy, deactivation, password-reset links,
// and resetting two-step sign-in for someone who lost their authenticator.
// GET /therapists is for every role: who can be an appointment's therapist.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { signedIn } from '../guard.js';
import { canBeTherapist, seesEveryTherapist } from '../roles.js';
import { Body, Email, IdParams, PersonName, StaffRoleSchema } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import {
  changeRole,
  deactivateStaff,
  inviteStaff,
  issuePasswordReset,
  reissueInvitation,
  resetTotp,
  setLicensedRegions,
  setTeletherapy,
} from '../staff-admin.js';
import { staffView } from '../views.js';

const InviteBody = Body({ email: Email, name: PersonName, role: StaffRoleSchema, teletherapy: Type.Optional(Type.Boolean()) });
const RoleBody = Body({ role: StaffRoleSchema });
const TeletherapyBody = Body({ on: Type.Boolean() });
// ISO 3166-2 subdivision codes such as "US-CA" or "CA-ON".
const LicencesBody = Body({ regions: Type.Array(Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' }), { maxItems: 80 }) });
type WithId = { Params: Static<typeof IdParams> };
const manage = { practice: { permission: 'staff:manage' as const } };

export function staffRoutes(app: FastifyInstance, s: PracticeServices): void {
  const actor = (req: Parameters<typeof signedIn>[0]) => signedIn(req).staff;
  const link = (l: { url: string; expiresAt: number }) => ({ url: l.url, expiresAt: new Date(l.expiresAt).toISOString() });

  app.get('/staff', { config: manage }, async () => ({ staff: (await s.staff.list()).map(staffView) }));

  app.get('/therapists', async (req) => {
    const me = actor(req);
    const everyone = await s.staff.list();
    const visible = everyone.filter(
      (m) => m.deactivatedAt === null && canBeTherapist(m.role) && (seesEveryTherapist(me.role) || m.id === me.id),
    );
    return { therapists: visible.map((m) => ({ id: m.id, name: m.name, teletherapy: m.teletherapy })) };
  });

  app.post<{ Body: Static<typeof InviteBody> }>(
    '/staff/invitations',
    { schema: { body: InviteBody }, config: manage },
    async (req, reply) => {
      const { staff, invitation } = await inviteStaff(s, actor(req), { ...req.body, teletherapy: req.body.teletherapy ?? false });
      return reply.code(201).send({ staff: staffView(staff), invitation: link(invitation) });
    },
  );

  app.post<WithId>('/staff/:id/invitation', { schema: { params: IdParams }, config: manage }, async (req) => ({
    invitation: link(await reissueInvitation(s, actor(req), req.params.id)),
  }));

  app.put<WithId & { Body: Static<typeof RoleBody> }>(
    '/staff/:id/role',
    { schema: { params: IdParams, body: RoleBody }, config: manage },
    async (req) => ({
      staff: staffView(await changeRole(s, actor(req), req.params.id, req.body.role)),
    }),
  );

  app.put<WithId & { Body: Static<typeof TeletherapyBody> }>(
    '/staff/:id/teletherapy',
    { schema: { params: IdParams, body: TeletherapyBody }, config: { practice: { permission: 'staff:teletherapy' } } },
    async (req) => ({ staff: staffView(await setTeletherapy(s, actor(req), req.params.id, req.body.on)) }),
  );

  // Where a therapist is licensed: a client's stated location outside it is flagged before Admit.
  app.put<WithId & { Body: Static<typeof LicencesBody> }>(
    '/staff/:id/licences',
    { schema: { params: IdParams, body: LicencesBody }, config: { practice: { permission: 'staff:teletherapy' } } },
    async (req) => ({ staff: staffView(await setLicensedRegions(s, actor(req), req.params.id, req.body.regions)) }),
  );

  app.post<WithId>('/staff/:id/deactivate', { schema: { params: IdParams }, config: manage }, async (req) => ({
    staff: staffView(await deactivateStaff(s, actor(req), req.params.id)),
  }));

  app.post<WithId>('/staff/:id/password-reset', { schema: { params: IdParams }, config: manage }, async (req) => ({
    reset: link(await issuePasswordReset(s, actor(req), req.params.id)),
  }));

  app.post<WithId>('/staff/:id/totp/reset', { schema: { params: IdParams }, config: manage }, async (req) => ({
    staff: staffView(await resetTotp(s, actor(req), req.params.id)),
  }));
}
