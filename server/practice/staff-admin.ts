// Managing the practice's staff, for the routes and the command line: invitations, roles,
// Teletherapy, deactivation and password-reset links, with the rules that keep a practice workable
// (a manager cannot touch an owner; the last owner stays an owner).
import type { StaffMember, StaffRole } from '../store/staff.js';
import { EmailTaken } from '../store/staff.js';
import { isRegionCode } from '../../shared/regions.js';
import { badRequest, conflict, forbidden, notFound } from './errors.js';
import type { IssuedLink } from './one-time-links.js';
import { canBeTherapist, canManageStaffMember } from './roles.js';
import type { PracticeServices } from './services.js';

/** Who is acting: a signed-in staff member, or the server's command line (id null, owner's rights). */
export interface Actor {
  id: string | null;
  role: StaffRole;
}

async function managedMember(s: PracticeServices, actor: Actor, staffId: string): Promise<StaffMember> {
  const member = await s.staff.byId(staffId);
  if (!member) throw notFound('staff member');
  if (!canManageStaffMember(actor.role, member.role)) throw forbidden('Only an owner can change an owner’s account.');
  return member;
}

export async function inviteStaff(
  s: PracticeServices,
  actor: Actor,
  input: { email: string; name: string; role: StaffRole; teletherapy: boolean },
): Promise<{ staff: StaffMember; invitation: IssuedLink }> {
  if (!canManageStaffMember(actor.role, input.role)) throw forbidden('Only an owner can invite an owner.');
  if (input.teletherapy && !canBeTherapist(input.role)) throw conflict('A scheduler never hosts visits, so Teletherapy stays off.');
  let staff: StaffMember;
  try {
    staff = await s.staff.create({ ...input, now: s.now() });
  } catch (e) {
    if (e instanceof EmailTaken) throw conflict(e.message, 'email_taken');
    throw e;
  }
  const invitation = await s.oneTimeLinks.issue('invite', staff.id);
  await s.audit.record({ event: `staff invited as ${input.role}`, staffId: actor.id, subjectStaffId: staff.id }, s.now());
  await s.staffLinks.emit({ purpose: 'invite', staff, link: invitation });
  return { staff, invitation };
}

/** A fresh invitation link for someone who has not accepted yet (the first was lost or expired). */
export async function reissueInvitation(s: PracticeServices, actor: Actor, staffId: string): Promise<IssuedLink> {
  const member = await managedMember(s, actor, staffId);
  if (member.hasPassword || member.deactivatedAt !== null) throw conflict('Only a pending invitation can be sent again.');
  const invitation = await s.oneTimeLinks.issue('invite', member.id);
  await s.audit.record({ event: 'invitation issued again', staffId: actor.id, subjectStaffId: member.id }, s.now());
  await s.staffLinks.emit({ purpose: 'invite', staff: member, link: invitation });
  return invitation;
}

export async function changeRole(s: PracticeServices, actor: Actor, staffId: string, role: StaffRole): Promise<StaffMember> {
  const member = await managedMember(s, actor, staffId);
  if (!canManageStaffMember(actor.role, role)) throw forbidden('Only an owner can make someone an owner.');
  if (member.role === role) return member;
  if (member.role === 'owner' && (await s.staff.activeOwnerCount()) <= 1)
    throw conflict('The practice needs an owner: make someone else an owner first.', 'last_owner');
  await s.staff.setRole(member.id, role);
  // A scheduler never hosts: the flag would be meaningless, and misleading if the role changed back.
  if (!canBeTherapist(role) && member.teletherapy) await setTeletherapyFlag(s, actor, member, false);
  await s.audit.record({ event: `role changed from ${member.role} to ${role}`, staffId: actor.id, subjectStaffId: member.id }, s.now());
  return (await s.staff.byId(member.id))!;
}

export async function setTeletherapy(s: PracticeServices, actor: Actor, staffId: string, on: boolean): Promise<StaffMember> {
  const member = await managedMember(s, actor, staffId);
  if (on && !canBeTherapist(member.role)) throw conflict('A scheduler never hosts visits, so Teletherapy cannot be turned on.');
  if (member.teletherapy !== on) await setTeletherapyFlag(s, actor, member, on);
  return (await s.staff.byId(member.id))!;
}

/** Where a therapist is licensed ("US-CA"): clients stating another region are flagged to them before Admit. */
export async function setLicensedRegions(s: PracticeServices, actor: Actor, staffId: string, regions: string[]): Promise<StaffMember> {
  const member = await managedMember(s, actor, staffId);
  if (!canBeTherapist(member.role)) throw conflict('A scheduler never hosts visits, so has no licences to list.');
  // A code that is no state or province could never match a client's answer: every client would be flagged.
  const unknown = regions.filter((r) => !isRegionCode(r));
  if (unknown.length) throw badRequest(`Not a US state or Canadian province code: ${unknown.join(', ')}`, 'bad_region');
  await s.staff.setLicensedRegions(member.id, regions);
  await s.audit.record({ event: 'licensed regions changed', staffId: actor.id, subjectStaffId: member.id }, s.now());
  return (await s.staff.byId(member.id))!;
}

async function setTeletherapyFlag(s: PracticeServices, actor: Actor, member: StaffMember, on: boolean): Promise<void> {
  await s.staff.setTeletherapy(member.id, on);
  await s.audit.record({ event: on ? 'teletherapy on' : 'teletherapy off', staffId: actor.id, subjectStaffId: member.id }, s.now());
  // Only a therapist with Teletherapy hosts: their provider links for visits still to come stop working.
  if (!on) await revokeProviderLinks(s, actor, member.id);
}

export async function deactivateStaff(s: PracticeServices, actor: Actor, staffId: string): Promise<StaffMember> {
  const member = await managedMember(s, actor, staffId);
  if (member.id === actor.id) throw conflict('You cannot deactivate your own account.');
  if (member.deactivatedAt !== null) return member;
  if (member.role === 'owner' && (await s.staff.activeOwnerCount()) <= 1) throw conflict('The practice needs an owner.', 'last_owner');
  const now = s.now();
  await s.staff.deactivate(member.id, now);
  // Their next request is refused (the guard checks deactivated_at too); sessions end now regardless.
  await s.auth.signOutEverywhere(member.id, actor.id, 'staff deactivated');
  await s.oneTimeLinks.withdrawAllFor(member.id);
  await revokeProviderLinks(s, actor, member.id);
  return (await s.staff.byId(member.id))!;
}

export async function issuePasswordReset(s: PracticeServices, actor: Actor, staffId: string): Promise<IssuedLink> {
  const member = await managedMember(s, actor, staffId);
  if (member.deactivatedAt !== null) throw conflict('This account is deactivated.');
  const link = await s.oneTimeLinks.issue('reset', member.id);
  await s.audit.record({ event: 'password reset link issued', staffId: actor.id, subjectStaffId: member.id }, s.now());
  await s.staffLinks.emit({ purpose: 'reset', staff: member, link });
  return link;
}

/** For someone who lost their authenticator: two-step sign-in off (to set up again), sessions ended. */
export async function resetTotp(s: PracticeServices, actor: Actor, staffId: string): Promise<StaffMember> {
  const member = await managedMember(s, actor, staffId);
  await s.staff.disableTotp(member.id);
  await s.auth.signOutEverywhere(member.id, actor.id, 'two-step sign-in reset');
  return (await s.staff.byId(member.id))!;
}

async function revokeProviderLinks(s: PracticeServices, actor: Actor, therapistId: string): Promise<void> {
  for (const p of await s.schedule.upcomingProviderParticipants(therapistId, s.now())) {
    await s.links.revokeAllFor(p.participantId);
    await s.audit.record(
      { event: 'links revoked', staffId: actor.id, appointmentId: p.appointmentId, participantId: p.participantId },
      s.now(),
    );
  }
}
