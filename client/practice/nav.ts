// Moving between the dashboard's screens: each screen is a path under /practice with a real link in
// the nav; following one swaps the screen without reloading, marks the link with aria-current, and
// moves focus to the new screen's heading so a screen reader starts reading there.
import { h } from '../ui/dom.js';
import type { Staff, StaffRole } from './api.js';
import { mount } from './ui.js';

export interface Screen {
  path: string;
  /** The nav link's text. */
  label: string;
  /** The screen's heading (and the page title). */
  title: string;
  roles: readonly StaffRole[];
  /** The screen's content under its heading; it may fill itself in as its requests answer. */
  render(me: Staff): HTMLElement;
}

const normalized = (path: string) => path.replace(/\/+$/, '') || '/';

/** The screen for a path, or the first (home) screen when the path is unknown or not for this role. */
export function screenFor(screens: readonly Screen[], path: string, role: StaffRole): Screen {
  const found = screens.find((s) => s.path === normalized(path) && s.roles.includes(role));
  return found ?? screens[0]!;
}

/** A plain left click on a link, which the page handles itself (a new-tab click is left to the browser). */
const isPlainClick = (ev: MouseEvent) => ev.button === 0 && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey && !ev.altKey;

export function startScreens(me: Staff, header: HTMLElement, screens: readonly Screen[]): void {
  const mine = screens.filter((s) => s.roles.includes(me.role));
  const links = mine.map((s) => h('a', { href: s.path, text: s.label }));
  const nav = h('nav', { 'aria-label': 'Dashboard', class: 'screens' }, h('ul', {}, ...links.map((a) => h('li', {}, a))));
  const area = h('div', { class: 'screen' });

  const show = (path: string, moveFocus: boolean) => {
    const screen = screenFor(mine, path, me.role);
    if (normalized(location.pathname) !== screen.path) history.replaceState(null, '', screen.path);
    links.forEach((a, i) => {
      if (mine[i] === screen) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    const heading = h('h1', { text: screen.title, tabindex: '-1' });
    area.replaceChildren(heading, screen.render(me));
    document.title = `${screen.title} · Vestibule practice`;
    if (moveFocus) heading.focus();
  };
  links.forEach((a, i) => {
    a.addEventListener('click', (ev) => {
      if (!isPlainClick(ev)) return;
      ev.preventDefault();
      const path = mine[i]!.path;
      if (normalized(location.pathname) !== path) history.pushState(null, '', path);
      show(path, true);
    });
  });
  window.addEventListener('popstate', () => show(location.pathname, true));
  mount(header, nav, area);
  show(location.pathname, false);
}
