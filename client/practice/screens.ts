// The signed-in dashboard's screens, which roles see each, and what each shows (dispatched by nav.ts).
import { auditScreen } from './audit-view.js';
import { clientsScreen } from './clients-view.js';
import { homeScreen } from './dashboard.js';
import { integrationsScreen } from './integrations-view.js';
import type { Screen } from './nav.js';
import { outboxScreen } from './outbox-view.js';
import { settingsScreen } from './settings-view.js';
import { staffScreen } from './staff-view.js';

const EVERYONE = ['owner', 'manager', 'therapist', 'scheduler'] as const;

/** The first is home, shown for any other path under /practice. */
export const SCREENS: readonly Screen[] = [
  { path: '/practice', label: 'Appointments', title: 'Your practice', roles: EVERYONE, render: homeScreen },
  { path: '/practice/clients', label: 'Clients', title: 'Clients', roles: EVERYONE, render: clientsScreen },
  { path: '/practice/outbox', label: 'Email outbox', title: 'Email outbox', roles: EVERYONE, render: outboxScreen },
  { path: '/practice/staff', label: 'Staff', title: 'Staff', roles: ['owner', 'manager'], render: staffScreen },
  { path: '/practice/audit', label: 'Audit log', title: 'Audit log', roles: ['owner'], render: auditScreen },
  { path: '/practice/integrations', label: 'API and webhooks', title: 'API and webhooks', roles: ['owner'], render: integrationsScreen },
  { path: '/practice/settings', label: 'Settings', title: 'Settings', roles: ['owner'], render: settingsScreen },
];
