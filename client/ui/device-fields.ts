// The camera, microphone and speaker choices: one labelled <select> each, used by the pre-join next
// to the preview and by the "Audio and video settings" dialog during the call.
import type { DeviceOption } from '../media/devices.js';
import { h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { deviceSettingsMessages } from '../../shared/i18n/catalogues/device-settings.js';

const tr = wordsOf(deviceSettingsMessages);

export interface DeviceSettingsActions {
  chooseCamera(id: string): void;
  chooseMicrophone(id: string): void;
  chooseSpeaker(id: string): void;
}

export interface DeviceSettingsData {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** null: this browser cannot send sound to a chosen device (see canChooseSpeakers in media/devices.ts). */
  speakers: DeviceOption[] | null;
  current: { camera?: string; microphone?: string; speaker?: string };
}

const NONE = {
  camera: 'noCamera',
  microphone: 'noMicrophone',
  speaker: 'noSpeakers',
} as const;

/** The three fields; `idPrefix` keeps ids unique when two sets are on the page. */
export function deviceFields(idPrefix: string, devices: DeviceSettingsData, actions: DeviceSettingsActions): HTMLElement[] {
  const speakers =
    devices.speakers === null
      ? h(
          'div',
          { class: 'vb-field' },
          h('p', { class: 'vb-field-label', text: tr('speakers') }),
          h('p', {
            class: 'muted',
            text: tr('speakersFixed'),
          }),
        )
      : field(`${idPrefix}-speaker`, 'speaker', tr('speakers'), devices.speakers, devices.current.speaker, (id) =>
          actions.chooseSpeaker(id),
        );
  return [
    field(`${idPrefix}-camera`, 'camera', tr('camera'), devices.cameras, devices.current.camera, (id) => actions.chooseCamera(id)),
    field(`${idPrefix}-microphone`, 'microphone', tr('microphone'), devices.microphones, devices.current.microphone, (id) =>
      actions.chooseMicrophone(id),
    ),
    speakers,
  ];
}

function field(
  selectId: string,
  kind: keyof typeof NONE,
  label: string,
  options: DeviceOption[],
  current: string | undefined,
  choose: (id: string) => void,
): HTMLElement {
  if (options.length === 0) {
    // Keep a labelled (disabled) control so the layout and the name stay the same.
    const select = h(
      'select',
      { id: selectId, disabled: true, 'data-kind': kind, 'aria-describedby': `${selectId}-none` },
      h('option', { text: tr('noneFound') }),
    );
    return h(
      'div',
      { class: 'vb-field' },
      h('label', { for: selectId, class: 'vb-field-label', text: label }),
      select,
      h('p', { class: 'muted', id: `${selectId}-none`, text: tr(NONE[kind]) }),
    );
  }
  const select = h('select', { id: selectId, 'data-kind': kind });
  for (const o of options) {
    const opt = h('option', { value: o.id, text: o.label });
    if (o.id === current) opt.selected = true;
    select.append(opt);
  }
  select.addEventListener('change', () => choose(select.value));
  return h('div', { class: 'vb-field' }, h('label', { for: selectId, class: 'vb-field-label', text: label }), select);
}
