// "Connection details": how the call reaches each person (direct or relayed, over UDP or TCP), for
// support. Folded away in the attendees panel rather than printed on the video tiles.
import type { Route } from '../transport/route.js';
import { h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';

const tr = wordsOf(callMessages);

export class ConnectionDetails {
  private readonly list = h('ul', { class: 'route-list' });
  private readonly empty = h('p', { class: 'muted', text: tr('detailsEmpty') });
  readonly element = h('details', { class: 'connection-details' }, h('summary', { text: tr('connectionDetails') }), this.empty, this.list);
  private readonly routes = new Map<string, { name: string; text: string; key: string }>();

  /** The route of the call to one person; `key` is machine-readable ("host/udp"). */
  setRoute(peerId: string, name: string, route: Route): void {
    const text = tr(route.via === 'relay' ? 'relayed' : 'direct', { protocol: route.protocol.toUpperCase() });
    this.routes.set(peerId, { name, text, key: `${route.via}/${route.protocol}` });
    this.render();
  }

  rename(peerId: string, name: string): void {
    const r = this.routes.get(peerId);
    if (r && r.name !== name) {
      r.name = name;
      this.render();
    }
  }

  remove(peerId: string): void {
    if (this.routes.delete(peerId)) this.render();
  }

  private render(): void {
    this.empty.hidden = this.routes.size > 0;
    this.list.replaceChildren(
      ...[...this.routes].map(([peerId, r]) =>
        h('li', { 'data-peer': peerId }, `${r.name}: `, h('span', { class: 'route', 'data-route': r.key, text: r.text })),
      ),
    );
  }
}
