import { describe, expect, it } from 'vitest';
import { MAX_UNSHOWN_SAMPLES, PictureWatch, UNSHOWN_SAMPLES } from '../../client/ui/picture-watch.js';

/** Feeds a watch 2-second samples: frames decoded in each, and the element's running count of presented ones. */
function feed(watch: PictureWatch, samples: { decoded: number; presented: number; visible?: boolean }[]): boolean[] {
  return samples.map((s) => watch.sample({ intervalMs: 2000, visible: true, ...s }));
}

const frozenAt = (presented: number, n: number) => Array.from({ length: n }, () => ({ decoded: 60, presented }));

describe('PictureWatch', () => {
  it('asks for the stream again once frames arrived for two samples and none was shown', () => {
    const watch = new PictureWatch();
    expect(UNSHOWN_SAMPLES).toBe(2);
    const asks = feed(watch, [
      { decoded: 0, presented: 100 }, // baseline
      { decoded: 60, presented: 160 }, // shown
      ...frozenAt(160, 2),
    ]);
    expect(asks).toEqual([false, false, false, true]);
  });

  it('leaves a picture that moves, and one with no frames to show, alone', () => {
    const watch = new PictureWatch();
    const moving = Array.from({ length: 10 }, (_, i) => ({ decoded: 60, presented: 100 + 60 * i }));
    // Their camera off or their video stalled: hardly any frame decoded, none shown.
    const nothingArrives = Array.from({ length: 10 }, () => ({ decoded: 2, presented: 700 }));
    expect(feed(watch, [...moving, ...nothingArrives]).some(Boolean)).toBe(false);
  });

  it('does not count a page in the background or a hidden tile, which present nothing by design', () => {
    const watch = new PictureWatch();
    const hidden = Array.from({ length: 6 }, () => ({ decoded: 60, presented: 100, visible: false }));
    expect(feed(watch, [{ decoded: 0, presented: 100 }, ...hidden, { decoded: 60, presented: 100 }])).not.toContain(true);
    // Back in view: its first sample is a baseline, and two frozen ones after it are needed.
    expect(feed(watch, frozenAt(100, 2))).toEqual([false, true]);
  });

  it('never asks where the browser counts no presented frame at all', () => {
    expect(feed(new PictureWatch(), frozenAt(0, 20))).not.toContain(true);
  });

  it('waits twice as long after each try that did not help, up to a limit, and afresh once the picture moves', () => {
    const watch = new PictureWatch();
    const gaps: number[] = [];
    let since = 0;
    for (const asked of feed(watch, frozenAt(50, 200))) {
      since++;
      if (asked) gaps.push(since), (since = 0);
    }
    // The first try after the baseline and two samples; each later one after its own baseline too.
    expect(gaps.slice(0, 6)).toEqual([3, 5, 9, 17, 33, 33]);
    expect(Math.max(...gaps)).toBe(MAX_UNSHOWN_SAMPLES + 1);
    // The element counting from 0 again after a load is a moving picture.
    expect(feed(watch, [{ decoded: 60, presented: 50 }, { decoded: 60, presented: 3 }, ...frozenAt(3, 2)])).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
