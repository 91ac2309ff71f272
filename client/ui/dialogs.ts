// Modal dialogs for the visit: the reminder before screen sharing, ending the session, the "session
// has ended" message, and the audio and video settings. All use the native <dialog> with showModal(),
// which traps focus, closes on Escape, and returns focus to where it was when it closes.
import type { DeviceOption } from '../media/devices.js';
import { type DeviceSettingsActions, type DeviceSettingsData, deviceFields } from './device-fields.js';
import { button, h } from './dom.js';

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
  dialog.addEventListener('close', () => dialog.remove());
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
    const no = button('Cancel', () => answer(false), { class: 'secondary' });
    const yes = button(yesLabel, () => answer(true), { class: opts.danger ? 'danger' : 'primary' });
    (opts.focus === 'yes' ? yes : no).autofocus = true;
    buttons.append(no, yes);
    // Escape, or the dialog being closed any other way, means no.
    dialog.addEventListener('close', () => answer(false));
    show(dialog);
  });
}

export function confirmScreenShare(): Promise<boolean> {
  const parts = makeDialog('Before you share your screen', 'confirm-share');
  parts.body.append(
    h('p', { text: 'Everyone in this call will see the screen, window or tab you pick next.' }),
    h('p', { text: 'First close anything private you do not mean to show, such as:' }),
    h(
      'ul',
      {},
      h('li', { text: "other clients' records and notes" }),
      h('li', { text: 'email and calendars' }),
      h('li', { text: 'messages and pop-up notifications' }),
    ),
    h('p', { class: 'muted', text: 'Sharing a single window or browser tab shows less than sharing your whole screen.' }),
  );
  return confirm(parts, 'Share screen', { focus: 'yes' });
}

export function confirmEndSession(): Promise<boolean> {
  const parts = makeDialog('End the session for everyone?', 'confirm-end');
  parts.body.append(
    h('p', { text: 'Everyone will leave the call, and anyone still in the waiting room will be told the session has ended.' }),
    h('p', { class: 'muted', text: 'You can start it again until the appointment time is over.' }),
  );
  return confirm(parts, 'End session for everyone', { danger: true, focus: 'no' });
}

export function confirmLeave(isProvider: boolean): Promise<boolean> {
  const parts = makeDialog('Leave the visit?', 'confirm-leave');
  parts.body.append(
    h('p', {
      text: isProvider
        ? 'You leave the call; the session stays open and the others stay in it. To close it for everyone, use End session.'
        : 'You can come back with the same link while the appointment lasts.',
    }),
  );
  return confirm(parts, 'Leave the visit', { focus: 'no' });
}

/** Shown when the session ends. Returns the open dialog so the caller can close it (e.g. after a restart). */
export function showSessionEnded(opts: { isProvider: boolean; canRestart: boolean; onRestart(): void }): HTMLDialogElement {
  const { dialog, body, buttons } = makeDialog('This session has ended', 'session-ended');
  if (opts.isProvider) {
    body.append(
      h('p', {
        text: opts.canRestart
          ? 'Everyone has left the call. If you ended it by mistake, you can start it again until the appointment time is over.'
          : 'Everyone has left the call. The appointment time is over, so it cannot be started again.',
      }),
    );
    const close = button('Close', () => dialog.close(), { class: 'secondary' });
    buttons.append(close);
    if (opts.canRestart) {
      const restart = button(
        'Start the session again',
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
    body.append(
      h('p', { text: 'Your provider has ended the session. Thank you for joining.' }),
      h('p', { text: 'You can close this page now.' }),
    );
    const ok = button('OK', () => dialog.close(), { class: 'primary' });
    ok.autofocus = true;
    buttons.append(ok);
  }
  show(dialog);
  return dialog;
}

export class DeviceSettingsDialog {
  private readonly parts: DialogParts;
  private readonly id = `vb-devices-${++nextId}`;

  constructor(
    private readonly actions: DeviceSettingsActions,
    /** Shown after the device choices (the background picker). */
    private readonly extra: HTMLElement | null = null,
  ) {
    this.parts = makeDialog('Audio and video settings', 'device-settings');
    const done = button('Done', () => this.close(), { class: 'primary' });
    this.parts.buttons.append(done);
  }

  /** Opens the dialog, or refreshes its lists if it is already open (e.g. after a devicechange). */
  open(devices: DeviceSettingsData): void {
    const active = document.activeElement;
    const focusedKey = active instanceof HTMLSelectElement && this.parts.body.contains(active) ? active.dataset.kind : undefined;
    this.parts.body.replaceChildren(...deviceFields(this.id, devices, this.actions), ...(this.extra ? [this.extra] : []));
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
