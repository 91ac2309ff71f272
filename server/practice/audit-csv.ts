// The audit log as CSV for a spreadsheet: one line per event, times in UTC ISO 8601. Every value is
// an id, an event name or a time, but cells are quoted anyway, and a leading =, +, - or @ is
// neutralised so no spreadsheet reads a cell as a formula.
import type { StaffAuditLine } from '../store/staff-audit.js';

const COLUMNS = ['at', 'event', 'staffId', 'subjectStaffId', 'appointmentId', 'participantId', 'clientId'] as const;

function cell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(lines: StaffAuditLine[]): string {
  const rows = lines.map((l) => COLUMNS.map((c) => cell(c === 'at' ? new Date(l.at).toISOString() : l[c])).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
