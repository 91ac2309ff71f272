// A one-time link was made for a staff member (an invitation, a password reset): the mailer emails it.
// The link is still shown to whoever made it, so a practice without mail works as before. A listener
// that throws is logged (ids only) and never fails the request.
import type { FastifyBaseLogger } from 'fastify';
import type { StaffMember } from '../store/staff.js';
import type { IssuedLink } from './one-time-links.js';

export interface StaffLinkIssued {
  purpose: 'invite' | 'reset';
  staff: Pick<StaffMember, 'id' | 'name' | 'email'>;
  link: IssuedLink;
}

export type StaffLinkListener = (event: StaffLinkIssued) => Promise<void>;

export class StaffLinkEvents {
  private readonly listeners: StaffLinkListener[] = [];

  constructor(private readonly log: FastifyBaseLogger) {}

  listen(listener: StaffLinkListener): void {
    this.listeners.push(listener);
  }

  async emit(event: StaffLinkIssued): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (err) {
        this.log.error({ err, purpose: event.purpose, staffId: event.staff.id }, 'staff link listener failed');
      }
    }
  }
}
