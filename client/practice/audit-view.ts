// The Audit log screen, for the owner: events newest first, filtered by dates, staff member and
// appointment, a page at a time (Load more asks for lines older than the last shown), and the same
// filters as a CSV download. Lines carry ids, staff names and times only.
import { button, h } from '../ui/dom.js';
import * as api from './api.js';
import { describeError, field, input, messageArea, select } from './ui.js';

const PAGE = 50;

/** The filters as the API takes them: dates are whole days in the viewer's zone. */
function readFilter(
  from: HTMLInputElement,
  to: HTMLInputElement,
  staff: HTMLSelectElement,
  appointment: HTMLInputElement,
): api.AuditFilter {
  const day = (value: string, plusDays: number) => {
    if (!value) return undefined;
    const d = new Date(`${value}T00:00`);
    d.setDate(d.getDate() + plusDays);
    return d.toISOString();
  };
  return {
    from: day(from.value, 0),
    // "To" includes that whole day.
    to: day(to.value, 1),
    staffId: staff.value || undefined,
    appointmentId: appointment.value.trim() || undefined,
  };
}

function auditRow(line: api.AuditLineView, names: Map<string, string>): HTMLTableRowElement {
  const who = (id: string | null) => (id ? (names.get(id) ?? id) : '');
  const at = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(Date.parse(line.at));
  const cells = [at, line.event, who(line.staffId), who(line.subjectStaffId), line.appointmentId ?? '', line.clientId ?? ''];
  return h('tr', {}, ...cells.map((text) => h('td', { text })));
}

export function auditScreen(): HTMLElement {
  const from = input('date', 'from');
  const to = input('date', 'to');
  const staff = select('staffId', [['', 'Everyone']]);
  const appointment = input('text', 'appointmentId', { autocomplete: 'off', maxlength: '64', pattern: '[A-Za-z0-9_-]+' });
  const message = messageArea();
  const rows = h('tbody', {});
  const more = button('Load more', () => void load(true));
  more.hidden = true;
  const csv = h('a', { class: 'button', href: '/api/practice/audit.csv', download: 'vestibule-audit.csv', text: 'Download CSV' });
  const names = new Map<string, string>();
  let filter: api.AuditFilter = {};
  let oldest: number | undefined;

  const load = async (next: boolean) => {
    message.clear();
    try {
      const { entries } = await api.audit(filter, next ? oldest : undefined);
      if (!next) {
        rows.replaceChildren();
        oldest = undefined;
      }
      rows.append(...entries.map((l) => auditRow(l, names)));
      oldest = entries.at(-1)?.id ?? oldest;
      more.hidden = entries.length < PAGE;
      if (!next && !entries.length) message.show('No events match.', 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  };
  const form = h(
    'form',
    { novalidate: true, class: 'filters', 'aria-labelledby': 'audit-filter-h' },
    h('h2', { id: 'audit-filter-h', text: 'Filter' }),
    field('From', from),
    field('To', to),
    field('Staff member', staff),
    field('Appointment id', appointment),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Show events' }), csv),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    filter = readFilter(from, to, staff, appointment);
    csv.href = `/api/practice/audit.csv?${api.auditQuery(filter)}`;
    void load(false);
  });
  api
    .staffList()
    .then(({ staff: everyone }) => {
      for (const m of everyone) {
        names.set(m.id, m.name);
        staff.append(h('option', { value: m.id, text: m.name }));
      }
    })
    .catch((e) => message.show(describeError(e)))
    .finally(() => void load(false));
  const head = ['Time', 'Event', 'Staff member', 'Concerning', 'Appointment', 'Client'];
  const table = h(
    'table',
    { class: 'audit' },
    h('caption', { text: 'Events, newest first' }),
    h('thead', {}, h('tr', {}, ...head.map((text) => h('th', { scope: 'col', text })))),
    rows,
  );
  return h(
    'div',
    {},
    form,
    message.el,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Events' }, table),
    more,
  );
}
