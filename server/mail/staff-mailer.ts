// Emails a staff member their invitation or password-reset link (the link is also shown to whoever
// made it). Staff messages are seen in the outbox only by those who manage staff.
import type { StaffLinkIssued } from '../practice/staff-link-events.js';
import type { OutboxStore } from './outbox-store.js';
import { renderStaffMail } from './staff-templates.js';

const KIND = { invite: 'staff-invitation', reset: 'password-reset' } as const;

export function staffMailListener(outbox: OutboxStore, now: () => number): (e: StaffLinkIssued) => Promise<void> {
  return async (e) => {
    const validHours = Math.max(1, Math.round((e.link.expiresAt - now()) / 3600_000));
    const mail = renderStaffMail(KIND[e.purpose], e.staff.name, e.link.url, validHours);
    await outbox.add({ kind: KIND[e.purpose], staffId: e.staff.id, recipient: e.staff.email, ...mail }, now());
  };
}
