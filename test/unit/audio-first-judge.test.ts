// Audio-first's decisions, replayed from stats series: when a participant's own video pauses, when it
// is tried again, when it comes back, and that a dip or a spike does not make it flap.
import { describe, expect, it } from 'vitest';
import { AUDIO_FIRST_TIMINGS, AudioFirstJudge, type AudioFirstStep } from '../../client/transport/audio-first-judge.js';
import { estimateKbps, readOutgoing, type OutgoingSnapshot } from '../../client/transport/outgoing-estimate.js';

const T = AUDIO_FIRST_TIMINGS;

/** Feeds one estimate every `everyMs` from `start`; returns each step taken with the time it was taken at. */
function replay(judge: AudioFirstJudge, series: (number | null)[], start = 0, everyMs = 1000): { at: number; step: AudioFirstStep }[] {
  const steps: { at: number; step: AudioFirstStep }[] = [];
  series.forEach((kbps, i) => {
    const at = start + i * everyMs;
    const step = judge.observe(at, kbps);
    if (step) steps.push({ at, step });
  });
  return steps;
}

const repeat = (kbps: number | null, seconds: number) => Array<number | null>(seconds).fill(kbps);

describe('audio-first judge', () => {
  it('keeps video through short dips below what video needs', () => {
    const judge = new AudioFirstJudge();
    // A good link whose estimate dips for a few seconds at a time (a download elsewhere in the house).
    const series = [2500, 2400, 600, 500, 650, 700, 2100, 2300, 400, 420, 380, 390, 450, 500, 900, 1800, 2000];
    expect(replay(judge, series)).toEqual([]);
    expect(judge.mode).toBe('video');
  });

  it('pauses video once the estimate stays below the need for the whole window', () => {
    const judge = new AudioFirstJudge();
    // Chromium's availableOutgoingBitrate, kbit/s, as a link cut to 300 kbit/s drags it down.
    const series = [2600, 2550, 1900, 1200, 640, 410, 330, 290, 285, 280, 276, 281, 279, 283, 280];
    const steps = replay(judge, series);
    // Below 750 from the fifth second (index 4): paused pauseAfterMs later, and only once.
    expect(steps).toEqual([{ at: 4000 + T.pauseAfterMs, step: 'pause' }]);
    expect(judge.mode).toBe('paused');
  });

  it('pauses on a narrow link that loses no packet (Chromium keeps its queue short)', () => {
    const judge = new AudioFirstJudge();
    // Recorded in Chromium with the uplink shaped to 300 kbit/s (htb, 30-packet queue): the estimate
    // settles at 200–350 kbit/s while the other side reports not one packet lost.
    const shaped = [3559, 3559, 260, 231, 231, 233, 279, 306, 327, 229, 245, 274, 304, 326, 357, 231];
    expect(replay(judge, shaped)).toEqual([{ at: 2000 + T.pauseAfterMs, step: 'pause' }]);
  });

  it('does not pause while the page itself is starved (its samples come late)', () => {
    const judge = new AudioFirstJudge();
    // An overloaded machine drags the estimate down with no narrow link anywhere, and this page's
    // timers fire late too: each late sample starts the weak spell over, so it never lasts long enough.
    const starved = [2532, 2532, 2532, 141, 148, 154, 163, 174, 182, 187, 190, 198, 211, 211, 211, 211, 211, 211, 211, 211];
    expect(replay(judge, starved, 0, T.lateSampleMs + 500)).toEqual([]);
    expect(judge.mode).toBe('video');
    // A single late sample in a spell restarts it: the pause comes a full window after it.
    const once = new AudioFirstJudge();
    const before = replay(once, repeat(200, 5), 0);
    const after = replay(once, repeat(200, 10), 4000 + T.lateSampleMs + 1000);
    expect(before).toEqual([]);
    expect(after).toEqual([{ at: 4000 + T.lateSampleMs + 1000 + T.pauseAfterMs, step: 'pause' }]);
  });

  it('ignores samples that cannot tell, without ending a weak spell', () => {
    const judge = new AudioFirstJudge();
    const series = [300, null, 310, null, 290, 305, null, 300, 295, 290];
    expect(replay(judge, series).map((s) => s.step)).toEqual(['pause']);
  });

  it('tries video again later, and resumes once the estimate holds above the need', () => {
    const judge = new AudioFirstJudge();
    replay(judge, repeat(280, 10));
    expect(judge.mode).toBe('paused');
    const pausedAt = T.pauseAfterMs; // low from 0 s
    // Audio only, the estimate says nothing new; the trial comes when due.
    const afterPause = replay(judge, repeat(null, T.firstTrialGapMs / 1000 + 1), pausedAt + 1000);
    expect(afterPause).toEqual([{ at: pausedAt + T.firstTrialGapMs, step: 'try' }]);
    // The link was raised meanwhile: the trial's estimate climbs and holds.
    const trialAt = pausedAt + T.firstTrialGapMs;
    const trial = replay(judge, [600, 1400, 2200, 2400, 2500, 2500], trialAt + 1000);
    expect(trial).toEqual([{ at: trialAt + 2000 + T.resumeAfterMs, step: 'resume' }]);
    expect(judge.mode).toBe('video');
  });

  it('brings the trial forward when the estimate holds up while paused', () => {
    const judge = new AudioFirstJudge();
    replay(judge, repeat(280, 10));
    expect(replay(judge, [null, 1500, 1600, 1500, 1700, 1800], 10_000)).toEqual([{ at: 11_000 + T.resumeAfterMs, step: 'try' }]);
  });

  it('pauses again after a failed trial and waits longer before the next', () => {
    const judge = new AudioFirstJudge();
    replay(judge, repeat(280, 10)); // paused at 8 s
    const steps = replay(judge, repeat(290, 140), 10_000);
    const tries = steps.filter((s) => s.step === 'try').map((s) => s.at);
    const pauses = steps.filter((s) => s.step === 'pause').map((s) => s.at);
    expect(steps.some((s) => s.step === 'resume')).toBe(false);
    // The first trial firstTrialGapMs after the pause; each failed one (trialMs long) doubles the wait, up to the cap.
    const first = T.pauseAfterMs + T.firstTrialGapMs;
    const second = first + T.trialMs + 2 * T.firstTrialGapMs;
    const third = second + T.trialMs + Math.min(4 * T.firstTrialGapMs, T.maxTrialGapMs);
    expect(tries).toEqual([first, second, third]);
    expect(pauses).toEqual([first + T.trialMs, second + T.trialMs, third + T.trialMs].filter((at) => at < 150_000));
  });

  it('does not resume on a single good sample during a trial', () => {
    const judge = new AudioFirstJudge();
    replay(judge, repeat(280, 10));
    const trialAt = T.pauseAfterMs + T.firstTrialGapMs;
    expect(replay(judge, repeat(null, 20), 10_000).map((s) => s.at)).toEqual([trialAt]);
    // A link that swings up and down: never good for long enough.
    const swinging = [2000, 400, 2000, 500, 2000, 450, 2000, 400, 2000, 400, 2000];
    const steps = replay(judge, swinging, 30_000);
    expect(steps).toEqual([{ at: trialAt + T.trialMs, step: 'pause' }]);
  });

  it('gives video back at once on reset, and needs a full weak spell to pause again', () => {
    const judge = new AudioFirstJudge();
    replay(judge, repeat(280, 10));
    expect(judge.reset()).toBe('resume');
    expect(judge.reset()).toBeNull();
    const steps = replay(judge, repeat(280, 10), 10_000);
    expect(steps).toEqual([{ at: 10_000 + T.pauseAfterMs, step: 'pause' }]);
  });
});

describe('outgoing estimate from stats', () => {
  it("takes Chromium's own estimate from the selected candidate pair", () => {
    const chromium = [
      { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP2' },
      { id: 'CP1', type: 'candidate-pair', availableOutgoingBitrate: 9_000_000 },
      { id: 'CP2', type: 'candidate-pair', availableOutgoingBitrate: 284_312, currentRoundTripTime: 0.12 },
      { id: 'OT1', type: 'outbound-rtp', kind: 'video', bytesSent: 120_000, packetsSent: 200 },
    ];
    const snap = readOutgoing(chromium, 5000);
    expect(snap.availableKbps).toBeCloseTo(284.3, 1);
    expect(estimateKbps(null, snap, 750)).toBeCloseTo(284.3, 1);
  });

  // Firefox (no availableOutgoingBitrate): what was sent, and what the other side says it lost.
  const firefox = (at: number, bytesSent: number, packetsSent: number, packetsLost: number, rtt: number): OutgoingSnapshot =>
    readOutgoing(
      [
        { id: 'p', type: 'candidate-pair', selected: true, currentRoundTripTime: rtt },
        { id: 'o1', type: 'outbound-rtp', kind: 'video', bytesSent, packetsSent },
        { id: 'o2', type: 'outbound-rtp', kind: 'audio', bytesSent: 0, packetsSent: 0 },
        { id: 'r1', type: 'remote-inbound-rtp', kind: 'video', packetsLost, roundTripTime: rtt },
      ],
      at,
    );

  it("in Firefox, a congested link's achieved rate is what it can carry", () => {
    const a = firefox(0, 1_000_000, 2000, 10, 0.15);
    const b = firefox(1000, 1_035_000, 2040, 14, 0.16); // 280 kbit/s sent, 4 of 44 lost
    expect(estimateKbps(a, b, 750)).toBeCloseTo(280, 0);
  });

  it('in Firefox, a clean link sending little cannot tell; one sending plenty is fine', () => {
    const a = firefox(0, 1_000_000, 2000, 10, 0.02);
    const quiet = firefox(1000, 1_005_000, 2050, 10, 0.02); // 40 kbit/s, no loss: only sound
    expect(estimateKbps(a, quiet, 750)).toBeNull();
    const busy = firefox(1000, 1_150_000, 2150, 10, 0.02); // 1200 kbit/s, no loss
    expect(estimateKbps(a, busy, 750)).toBeCloseTo(1200, 0);
  });

  it('in Firefox, a long round trip counts as congested', () => {
    const a = firefox(0, 1_000_000, 2000, 10, 0.35);
    const b = firefox(1000, 1_040_000, 2040, 10, 0.35);
    expect(estimateKbps(a, b, 750)).toBeCloseTo(320, 0);
  });
});
