// The audit log's CSV: quoted cells, and no cell a spreadsheet would run as a formula, whatever an id
// or an event name starts with.
import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../server/practice/audit-csv.js';
import type { StaffAuditLine } from '../../server/store/staff-audit.js';

const line = (over: Partial<StaffAuditLine>): StaffAuditLine => ({
  id: 1,
  at: Date.UTC(2026, 2, 1, 12),
  event: 'signed in',
  staffId: 'abc',
  subjectStaffId: null,
  appointmentId: null,
  participantId: null,
  clientId: null,
  ...over,
});

describe('auditCsv', () => {
  it('writes a header, then one quoted line per event, empty cells for what does not apply', () => {
    expect(auditCsv([line({})])).toBe(
      'at,event,staffId,subjectStaffId,appointmentId,participantId,clientId\r\n"2026-03-01T12:00:00.000Z","signed in","abc",,,,\r\n',
    );
  });

  it.each(['-FD2N98', '=SUM(A1)', '+1', '@cmd'])('neutralises a cell that starts like a formula: %s', (id) => {
    const row = auditCsv([line({ staffId: id })]).split('\r\n')[1]!;
    expect(row.split(',')[2]).toBe(`"'${id.replace(/"/g, '""')}"`);
  });

  it('doubles quotes inside a cell', () => {
    const row = auditCsv([line({ event: 'said "hi"' })]).split('\r\n')[1]!;
    expect(row).toContain('"said ""hi"""');
  });
});
