// Modal dialogs for the visit: the reminder before screen sharing, ending the session, the "session
// has ended" message, and the audio and video settings. All use the native <dialog> with showModal(),
// which traps focus, closes on Escape, and returns focus to where it was when it closes.
import type { DeviceOption } from '../media/devices.js';
import { type DeviceSettingsActions, type DeviceSettingsData, deviceFields } from './device-fields.js';
import { button, h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitDialogsMessages } from '../../shared/i18n/catalogues/visit-dialogs.js';

const tr = wordsOf(visitDialogsMessages);

export type { DeviceOption, DeviceSettingsActions, DeviceSettingsData };

let nextId = 0;

interface DialogParts {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  buttons: HTMLElement;
}

/** A dialog with a heading (its name) and a body (its description); show() appends it to <body>, closing removes it. */
function makeDialog(heading: string, className: string): DialogParts {
  const id = `vb-dialog-${++nextId}`;
  const body = h('div', { class: 'vb-dialog-body', id: `${id}-body` });
  const buttons = h('div', { class: 'vb-dialog-buttons' });
  const dialog = h(
    'dialog',
    { class: `vb-dialog ${className}`, 'aria-labelledby': `${id}-heading`, 'aria-describedby': `${id}-body` },
    h('h2', { id: `${id}-heading`, text: heading }),
    body,
    buttons,
  );
  // The close event comes a moment after close(): a dialog opened again meanwhile (Done, then the
  // settings button straight away) is open when it arrives, and stays.
  dialog.addEventListener('close', () => {
    if (!dialog.open) dialog.remove();
  });
  return { dialog, body, buttons };
}

function show(dialog: HTMLDialogElement): void {
  if (!dialog.isConnected) document.body.append(dialog);
  if (!dialog.open) dialog.showModal();
}

/**
 * Asks for a yes/no and resolves when the person answers. The promise settles inside the button's
 * click handler, so code awaiting it still has the click's user activation (screen sharing needs it:
 * call getDisplayMedia right after the await, with nothing else awaited in between).
 */
function confirm(parts: DialogParts, yesLabel: string, opts: { danger?: boolean; focus: 'yes' | 'no' }): Promise<boolean> {
  const { dialog, buttons } = parts;
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const answer = (value: boolean) => {
      if (settled) return;
      settled = true;
      resolve(value);
      if (dialog.open) dialog.close(value ? 'yes' : 'no');
    };
    const no = button(tr('cancel'), () => answer(false), { class: 'secondary' });
    const yes = button(yesLabel, () => answer(true), { class: opts.danger ? 'danger' : 'primary' });
    (opts.focus === 'yes' ? yes : no).autofocus = true;
    buttons.append(no, yes);
    // Escape, or the dialog being closed any other way, means no.
    dialog.addEventListener('close', () => answer(false));
    show(dialog);
  });
}

export function confirmScreenShare(): Promise<boolean> {
  const parts = makeDialog(tr('shareHeading'), 'confirm-share');
  parts.body.append(
    h('p', { text: tr('shareEveryone') }),
    h('p', { text: tr('shareCloseFirst') }),
    h('ul', {}, h('li', { text: tr('shareRecords') }), h('li', { text: tr('shareMail') }), h('li', { text: tr('shareNotifications') })),
    h('p', { class: 'muted', text: tr('shareLess') }),
  );
  return confirm(parts, tr('shareYes'), { focus: 'yes' });
}

export function confirmEndSession(): Promise<boolean> {
  const parts = makeDialog(tr('endHeading'), 'confirm-end');
  parts.body.append(h('p', { text: tr('endEveryone') }), h('p', { class: 'muted', text: tr('endRestart') }));
  return confirm(parts, tr('endYes'), { danger: true, focus: 'no' });
}

/** Admitting a client who has not said where they are: possible (a person in crisis is let in), after a pause. */
export function confirmAdmitWithoutLocation(name: string): Promise<boolean> {
  const parts = makeDialog(tr('noLocationHeading', { name }), 'confirm-admit-location');
  parts.body.append(h('p', { text: tr('noLocationBody', { name }) }), h('p', { text: tr('noLocationAdvice') }));
  return confirm(parts, tr('noLocationAdmit', { name }), { focus: 'no' });
}

export function confirmLeave(isProvider: boolean): Promise<boolean> {
  const parts = makeDialog(tr('leaveHeading'), 'confirm-leave');
  parts.body.append(
    h('p', {
      text: isProvider ? tr('leaveProvider') : tr('leaveClient'),
    }),
  );
  return confirm(parts, tr('leaveYes'), { focus: 'no' });
}

/** Shown when the session ends. Returns the open dialog so the caller can close it (e.g. after a restart). */
export function showSessionEnded(opts: { isProvider: boolean; canRestart: boolean; onRestart(): void }): HTMLDialogElement {
  const { dialog, body, buttons } = makeDialog(tr('endedHeading'), 'session-ended');
  if (opts.isProvider) {
    body.append(
      h('p', {
        text: opts.canRestart ? tr('endedCanRestart') : tr('endedOver'),
      }),
    );
    const close = button(tr('close'), () => dialog.close(), { class: 'secondary' });
    buttons.append(close);
    if (opts.canRestart) {
      const restart = button(
        tr('restart'),
        () => {
          dialog.close('restart');
          opts.onRestart();
        },
        { class: 'primary' },
      );
      restart.autofocus = true;
      buttons.append(restart);
    } else {
      close.autofocus = true;
    }
  } else {
    body.append(h('p', { text: tr('endedByProvider') }), h('p', { text: tr('closePage') }));
    const ok = button(tr('ok'), () => dialog.close(), { class: 'primary' });
    ok.autofocus = true;
    buttons.append(ok);
  }
  show(dialog);
  return dialog;
}

export class DeviceSettingsDialog {
  private readonly parts: DialogParts;
  private readonly id = `vb-devices-${++nextId}`;

  /** `extra`: more settings under the device lists (the background picker; the provider's switch for the visit). */
  constructor(
    private readonly actions: DeviceSettingsActions,
    private readonly extra: () => readonly (HTMLElement | null)[] = () => [],
  ) {
    this.parts = makeDialog(tr('settingsHeading'), 'device-settings');
    const done = button(tr('done'), () => this.close(), { class: 'primary' });
    this.parts.buttons.append(done);
  }

  /** Opens the dialog, or refreshes its lists if it is already open (e.g. after a devicechange). */
  open(devices: DeviceSettingsData): void {
    const active = document.activeElement;
    const focusedKey = active instanceof HTMLSelectElement && this.parts.body.contains(active) ? active.dataset.kind : undefined;
    const extra = this.extra().filter((el): el is HTMLElement => el !== null);
    this.parts.body.replaceChildren(...deviceFields(this.id, devices, this.actions), ...extra);
    if (focusedKey) this.parts.body.querySelector<HTMLElement>(`select[data-kind="${focusedKey}"]`)?.focus();
    show(this.parts.dialog);
  }

  close(): void {
    if (this.parts.dialog.open) this.parts.dialog.close();
  }

  get element(): HTMLDialogElement {
    return this.parts.dialog;
  }
}
