// Who may do what. Four roles:
// - owner: everything, including the practice's settings and the audit log;
// - manager: runs the staff (invitations, roles, Teletherapy, deactivation) but not owners, settings or the audit log;
// - therapist: their own clients and appointments only; hosts the video visits they are the therapist of;
// - scheduler (front desk): every therapist's clients and appointments, but never a visit (no provider link).
// Any role but scheduler can be an appointment's therapist (a solo owner sees clients too); hosting
// a video visit also needs Teletherapy turned on for that person by an owner or a manager.
import type { StaffRole } from '../store/schema.js';

export const ROLES: readonly StaffRole[] = ['owner', 'manager', 'therapist', 'scheduler'];

export type Permission = 'staff:manage' | 'staff:teletherapy' | 'settings:manage' | 'audit:read' | 'clients:manage' | 'appointments:manage';

const GRANTS: Record<Permission, readonly StaffRole[]> = {
  'staff:manage': ['owner', 'manager'],
  'staff:teletherapy': ['owner', 'manager'],
  'settings:manage': ['owner'],
  'audit:read': ['owner'],
  // Therapists only within their own caseload (see seesEveryTherapist).
  'clients:manage': ['owner', 'manager', 'therapist', 'scheduler'],
  'appointments:manage': ['owner', 'manager', 'therapist', 'scheduler'],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[permission].includes(role);
}

/** Whether a role works with every therapist's clients and appointments, or only with its own. */
export function seesEveryTherapist(role: StaffRole): boolean {
  return role !== 'therapist';
}

/** Whether someone in this role can be the therapist of an appointment. */
export function canBeTherapist(role: StaffRole): boolean {
  return role !== 'scheduler';
}

/** Managers manage everyone but owners; only an owner makes, changes or removes an owner. */
export function canManageStaffMember(actor: StaffRole, subject: StaffRole): boolean {
  if (!can(actor, 'staff:manage')) return false;
  return actor === 'owner' || subject !== 'owner';
}
