// The client's waiting room, built as a pre-join: the camera preview in the middle, with the
// microphone and camera toggles, a microphone level, and the camera, microphone and speaker choices
// next to it; then "I'm ready" (confirmed in words) and the connection test. When the camera or
// microphone cannot be used, fixing that becomes the main action and "I'm ready" steps back.
import type { AppointmentView } from '../../shared/protocol.js';
import { type DeviceSettingsActions, type DeviceSettingsData, deviceFields } from './device-fields.js';
import { button, formatTime, h } from './dom.js';
import type { ProblemText } from './problem-messages.js';
import { pageLocale, wordsOf } from '../i18n/page-words.js';
import { waitingRoomMessages } from '../../shared/i18n/catalogues/waiting-room.js';

const tr = wordsOf(waitingRoomMessages);

export interface PreJoinActions extends DeviceSettingsActions {
  setReady(ready: boolean): void;
  testConnection(): void;
  /** Asks for the camera and microphone again (after the person allowed them). */
  retryMedia(): void;
}

export class PreJoin {
  readonly element: HTMLElement;
  private readonly preview = h('div', { class: 'prejoin-preview' });
  private readonly toggles = h('div', { class: 'prejoin-toggles', role: 'group', 'aria-label': tr('togglesLabel') });
  private readonly level = h('meter', { id: 'prejoin-level', min: '0', max: '1', low: '0.15', value: '0' });
  private readonly levelRow = h('div', { class: 'prejoin-level' }, h('label', { for: 'prejoin-level', text: tr('micLevel') }), this.level);
  private readonly devices = h('div', { class: 'prejoin-devices' });
  /** Where the background-effect picker (issue 16) mounts, next to the device choices. */
  readonly backgroundSlot = h('div', { id: 'background-choice', class: 'prejoin-background' });
  private readonly intro = h('div', { class: 'prejoin-intro' });
  private readonly problem = h('div', { class: 'prejoin-problem', role: 'alert', hidden: true });
  /** Where the practice's questions before the visit go (where the client is, consent): location-consent.ts. */
  readonly checksSlot = h('div', { class: 'prejoin-checks' });
  private readonly readyButton: HTMLButtonElement;
  private readonly readyStatus = h('p', { class: 'ready-status', role: 'status' });
  private readonly testButton: HTMLButtonElement;
  private readonly fixButton: HTMLButtonElement;
  private readonly retryButton: HTMLButtonElement;
  private ready = false;
  private providerName = tr('yourProvider');

  constructor(private readonly actions: PreJoinActions) {
    this.readyButton = button(tr('ready'), () => this.toggleReady(), { class: 'primary', 'aria-pressed': 'false' });
    this.testButton = button(tr('testConnection'), () => actions.testConnection(), { class: 'secondary' });
    this.fixButton = button(tr('fixThis'), () => actions.testConnection(), { class: 'primary' });
    this.retryButton = button(tr('tryAgain'), () => actions.retryMedia(), { class: 'secondary' });
    this.problem.append(h('div', { class: 'prejoin-problem-text' }), h('div', { class: 'actions' }, this.fixButton, this.retryButton));
    this.element = h(
      'section',
      { class: 'prejoin', 'aria-labelledby': 'prejoin-heading' },
      h('h2', { id: 'prejoin-heading', text: tr('heading') }),
      this.intro,
      this.problem,
      this.checksSlot,
      h(
        'div',
        { class: 'prejoin-main' },
        h(
          'div',
          { class: 'prejoin-media' },
          this.preview,
          this.toggles,
          this.levelRow,
          h('div', { class: 'actions prejoin-actions' }, this.readyButton, this.testButton),
          this.readyStatus,
        ),
        h('div', { class: 'prejoin-side' }, this.devices, this.backgroundSlot),
      ),
    );
  }

  setAppointment(a: AppointmentView): void {
    this.providerName = a.providerName;
    this.intro.replaceChildren(
      h('p', { text: tr('letsYouIn', { provider: a.providerName, time: formatTime(a.startsAt, pageLocale()) }) }),
      h('p', { class: 'muted', text: tr('checkYourself') }),
    );
    this.renderReady();
  }

  setReady(ready: boolean): void {
    this.ready = ready;
    this.renderReady();
  }

  /** Shows the self view (and the toggles) inside the pre-join; the screen takes them back later. */
  holdPreview(selfTile: HTMLElement, toggles: HTMLElement[]): void {
    if (selfTile.parentElement !== this.preview) this.preview.append(selfTile);
    if (toggles[0]?.parentElement !== this.toggles) this.toggles.append(...toggles);
  }

  setLevel(level: number): void {
    this.level.value = level;
  }

  /** The meter's code did not load: a bar stuck at zero would say the microphone hears nothing. */
  levelUnavailable(): void {
    this.levelRow.replaceChildren(h('p', { class: 'muted', text: tr('micLevelUnavailable') }));
  }

  setDevices(devices: DeviceSettingsData): void {
    this.devices.replaceChildren(...deviceFields('prejoin', devices, this.actions));
  }

  /** A camera or microphone problem: its explanation, and fixing it as the main action. */
  setProblem(text: ProblemText | null): void {
    this.problem.hidden = !text;
    this.problem
      .querySelector('.prejoin-problem-text')
      ?.replaceChildren(...(text ? [h('h3', { text: text.title }), h('p', { text: text.body })] : []));
    // Whoever cannot be seen or heard should fix that first; being "ready" comes second.
    this.readyButton.className = text ? 'secondary' : 'primary';
    this.element.dataset.problem = String(!!text);
    // Without the camera the browser lists no devices; a "None found" there would contradict the diagnosis.
    this.devices.hidden = !!text;
  }

  /** While the practice's questions are unanswered, "I'm ready" waits (the server would refuse it). */
  setReadyBlocked(reason: string | null): void {
    this.readyButton.disabled = reason !== null;
    if (reason !== null) this.ready = false;
    this.renderReady();
    if (reason !== null) this.readyStatus.textContent = reason;
  }

  /** Moves keyboard focus to "I'm ready" (after the questions are answered, it is what comes next). */
  focusReady(): void {
    this.readyButton.focus();
  }

  private toggleReady(): void {
    this.ready = !this.ready;
    this.actions.setReady(this.ready);
    this.renderReady();
  }

  private renderReady(): void {
    this.readyButton.setAttribute('aria-pressed', String(this.ready));
    this.readyStatus.textContent = this.ready ? tr('knowsReady', { provider: this.providerName }) : '';
  }
}
