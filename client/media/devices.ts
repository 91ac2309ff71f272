// Which cameras, microphones and speakers this browser offers, for the "Audio and video settings"
// dialog. Only lists devices: opening them is the job of local-media.ts.
import { deviceSettingsMessages } from '../../shared/i18n/catalogues/device-settings.js';
import { wordsOf } from '../i18n/page-words.js';

const tr = wordsOf(deviceSettingsMessages);

export interface DeviceOption {
  id: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** null when this browser does not let a page choose where sound plays (no setSinkId). */
  speakers: DeviceOption[] | null;
}

/** Whether audio/video elements can be sent to a chosen output device (Chrome, Edge, Firefox 116+; not Safari). */
export function canChooseSpeakers(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Lists input and output devices. Before the page has camera/microphone permission, browsers hide
 * device names (empty labels) and some hide the ids too; entries without an id cannot be chosen and
 * are left out, entries without a name are called "Camera 1", "Microphone 2", …
 */
export async function listDevices(
  md: Pick<MediaDevices, 'enumerateDevices'> | null | undefined = globalThis.navigator?.mediaDevices,
): Promise<DeviceLists> {
  const speakersAllowed = canChooseSpeakers();
  let all: MediaDeviceInfo[] = [];
  try {
    all = md?.enumerateDevices ? await md.enumerateDevices() : [];
  } catch {
    all = [];
  }
  const pick = (kind: MediaDeviceKind, fallback: (n: number) => string): DeviceOption[] => {
    const out: DeviceOption[] = [];
    const seen = new Set<string>();
    for (const d of all) {
      if (d.kind !== kind || !d.deviceId || seen.has(d.deviceId)) continue;
      seen.add(d.deviceId);
      const label = d.label.trim() || fallback(out.length + 1);
      out.push({ id: d.deviceId, label });
    }
    return out;
  };
  return {
    cameras: pick('videoinput', (n) => tr('cameraNumber', { n })),
    microphones: pick('audioinput', (n) => tr('microphoneNumber', { n })),
    speakers: speakersAllowed ? pick('audiooutput', (n) => tr('speakersNumber', { n })) : null,
  };
}
