// The connection test on a page: puts the pieces of the view together (progress, camera and
// microphone, the sound question, the verdict, one card per check) and connects them to a run.
// Each piece is in view/; the run's state is in test-run.ts. Text always goes in as text, never as HTML.
import { pageLanguage } from '../i18n/page-language.js';
import { h } from '../ui/dom.js';
import type { Language } from '../../shared/i18n/translate.js';
import type { ConnectionTestReport } from './report.js';
import { TestRun, type RunListener } from './test-run.js';
import { CheckList } from './view/check-list.js';
import { LiveMedia } from './view/live-media.js';
import { ProgressView } from './view/progress.js';
import { SpeakerQuestion } from './view/speaker-question.js';
import { VerdictView } from './view/verdict.js';
import { testWords } from './words.js';

export interface MountOptions {
  /** Called when the test finishes, and again with the updated report when the speaker question is answered. */
  onFinished?(report: ConnectionTestReport): void;
  /**
   * Start at once instead of waiting for the start button. Mount from inside the click handler (e.g. of
   * "Test my connection") so the test's audio may start: browsers only allow sound after a click.
   */
  autoStart?: boolean;
  /** The language to speak; the page's language when not given. */
  language?: Language;
}

export interface MountedConnectionTest {
  start(): Promise<ConnectionTestReport>;
}

export function mountConnectionTest(root: HTMLElement, opts: MountOptions = {}): MountedConnectionTest {
  const language = opts.language ?? pageLanguage();
  const w = testWords(language);
  const progress = new ProgressView(w, () => void run.start());
  const media = new LiveMedia(w);
  const speakers = new SpeakerQuestion(w, {
    answer: (heard) => run.answerSpeakers(heard),
    replay: (sinkId) => run.replaySound(sinkId),
  });
  const verdict = new VerdictView(w);
  const checks = new CheckList(w);
  root.append(
    h(
      'section',
      { class: 'ct', 'aria-labelledby': progress.headingId },
      ...progress.elements,
      media.element,
      speakers.element,
      // The verdict sits right under the sound question, so "answer the question" never points off screen.
      verdict.element,
      checks.element,
    ),
  );

  const listener: RunListener = {
    started(ids) {
      checks.reset(ids);
      verdict.reset();
      speakers.reset();
      progress.started(ids.length);
    },
    progress(p) {
      progress.step(p.index, p.text);
      if (p.id) checks.set(p.id, 'running');
    },
    result: (r) => checks.set(r.id, r.status, r),
    live(e) {
      if (e.kind === 'stream') media.show(e.stream);
      else if (e.kind === 'level') media.level(e.value);
      else speakers.ask();
    },
    report(report, finished) {
      verdict.show(report);
      if (finished) verdict.focus();
      opts.onFinished?.(report);
    },
    ended: () => progress.finished(),
  };
  const run = new TestRun(language, media.preview, listener);

  if (opts.autoStart) void run.start();
  return { start: () => run.start() };
}
