// Background effects with a person in front of the camera: Chromium's fake camera plays a generated
// video of a person-like figure before a striped wall (support/person-y4m.ts). With a picture chosen,
// the provider receives the picture where the wall was and the figure where it stood, so this shows
// the segmentation keeps a person, which the plain fake cameras (no one in them) cannot show.
import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choosePicture, visitWith } from './support/background-visit.js';
import { chromiumLaunchOptions } from './support/browsers.js';
import { H, W, matchShare, mean, pictureAsReceived, waitForFrames } from './support/received-frames.js';
import { writePersonY4m } from './support/person-y4m.js';

test('a picture replaces the wall but not the person', async () => {
  test.setTimeout(180_000);
  const file = join(mkdtempSync(join(tmpdir(), 'vestibule-person-')), 'person.y4m');
  writePersonY4m(file);
  const base = chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...base,
    args: [
      ...(base.args ?? []).filter((a) => !a.startsWith('--use-fake-device')),
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  });
  try {
    const visit = await visitWith(browser, (client) => choosePicture(client));
    const frames = (await waitForFrames(visit.provider, 0, 5, 'after admission')).slice(-3);
    const f = frames[0]!;
    const picture = await pictureAsReceived(visit.provider, 'background-dawn.svg', f.width, f.height);
    // The top corners are wall in the camera: there the picture. The middle of the face: the person.
    const corners = (x: number, y: number) => y < H / 4 && (x < W / 6 || x >= (5 * W) / 6);
    const face = (x: number, y: number) => Math.abs(x - W / 2) < W / 20 && Math.abs(y - 0.4 * H) < H / 12;
    expect(mean(frames.map((fr) => matchShare(fr.rgb, picture, 24, corners))), 'the wall is replaced by the picture').toBeGreaterThan(0.8);
    expect(mean(frames.map((fr) => matchShare(fr.rgb, picture, 24, face))), 'the person is not replaced').toBeLessThan(0.2);
    await visit.close();
  } finally {
    await browser.close();
  }
});
