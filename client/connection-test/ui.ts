// The connection test on a page: start button, progress, camera preview, microphone meter, the speaker
// question, one card per check with what to do, a summary, "Copy details", and the report as JSON.
// The only module of the test that touches the page. Text always goes in as text, never as HTML.
import { button, h } from '../ui/dom.js';
import { canChooseOutput, createAudioContext, listOutputs } from './audio.js';
import { createVideoProbe } from './video-probe.js';
import { firstToFix, type AdviceBlock, type CheckId, type CheckResult, type CheckStatus, type ConnectionTestReport } from './report.js';
import { ConnectionTestRunner } from './runner.js';

export interface MountOptions {
  /** Called when the test finishes, and again with the updated report when the speaker question is answered. */
  onFinished?(report: ConnectionTestReport): void;
  /**
   * Start at once instead of waiting for the start button. Mount from inside the click handler (e.g. of
   * "Test my connection") so the test's audio may start: browsers only allow sound after a click.
   */
  autoStart?: boolean;
}

export interface MountedConnectionTest {
  start(): Promise<ConnectionTestReport>;
}

const BADGE: Record<CheckStatus | 'waiting' | 'running', string> = {
  pass: 'OK',
  warn: 'Check this',
  fail: 'Problem',
  skip: 'Not checked',
  waiting: 'Waiting',
  running: 'Checking…',
};

let ids = 0;
const uid = (p: string): string => `${p}-${++ids}`;

function adviceList(blocks: AdviceBlock[] | undefined): HTMLElement[] {
  return (blocks ?? []).map((b) =>
    h('div', { class: 'ct-advice' }, h('h4', { text: b.title }), h('ol', {}, ...b.steps.map((s) => h('li', { text: s })))),
  );
}

/** Copies text; when the browser refuses, runs `select` so the person can copy by hand. */
async function copyText(text: string, select: () => void): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // fall back below
  }
  select();
  try {
    if (document.execCommand('copy')) return 'copied';
  } catch {
    // selected; the person copies it
  }
  return 'selected';
}

const HAND_COPY = /iPhone|iPad|Android/.test(globalThis.navigator?.userAgent ?? '')
  ? 'It is selected: tap Copy.'
  : 'It is selected: press Ctrl+C (⌘C on a Mac) to copy it.';

/** A "Copy link" button with its fallback: a read-only field holding the link, selected for the person. */
function copyLinkControl(): HTMLElement {
  const inputId = uid('ct-link');
  const field = h('input', { id: inputId, type: 'text', readonly: true, value: location.href, class: 'ct-link-field' });
  const fieldWrap = h('p', { class: 'ct-link', hidden: true }, h('label', { for: inputId, text: 'Link to this page' }), field);
  const status = h('span', { class: 'ct-copy-status', role: 'status' });
  const b = button('Copy link to this page', async () => {
    const how = await copyText(location.href, () => {
      fieldWrap.hidden = false;
      field.focus();
      field.select();
    });
    status.textContent =
      how === 'copied' ? 'Link copied. Paste it into the other browser’s address bar.' : `The link is in the field above. ${HAND_COPY}`;
  });
  return h('div', { class: 'ct-copy-link' }, b, fieldWrap, status);
}

export function mountConnectionTest(root: HTMLElement, opts: MountOptions = {}): MountedConnectionTest {
  const headingId = uid('ct-title');
  const statusText = h('p', { class: 'ct-status', role: 'status', 'aria-live': 'polite', text: 'The test has not started yet.' });
  const progress = h('progress', { class: 'ct-progress', max: '8', value: '0', 'aria-label': 'Test progress' });
  const startButton = button('Start the test', () => void start(), { class: 'primary ct-start' });

  const preview = h('video', { class: 'ct-preview', muted: true, playsinline: true, autoplay: true, 'aria-label': 'Your camera picture' });
  preview.muted = true;
  preview.playsInline = true;
  const meterId = uid('ct-meter');
  const meter = h('meter', { id: meterId, class: 'ct-meter', min: '0', max: '1', low: '0.15', high: '0.9', optimum: '0.5', value: '0' });
  const media = h(
    'div',
    { class: 'ct-media', hidden: true },
    preview,
    h('p', { class: 'ct-meter-row' }, h('label', { for: meterId, text: 'Microphone level' }), meter),
  );

  // The speaker question: never blocks the rest of the test.
  const questionId = uid('ct-q');
  const selectId = uid('ct-out');
  const outputSelect = h('select', { id: selectId, class: 'ct-output' });
  const outputRow = h('p', { class: 'ct-output-row', hidden: true }, h('label', { for: selectId, text: 'Play sound on' }), outputSelect);
  const speakerFeedback = h('p', { class: 'ct-speaker-feedback', role: 'status' });
  const yes = button('Yes', () => answer(true));
  const no = button('No', () => answer(false));
  const again = button('Play the sound again', () => void replay());
  const speakerBox = h(
    'section',
    { class: 'ct-speakers', hidden: true, 'aria-labelledby': questionId },
    h('h3', { id: questionId, text: 'We just played a short chime. Did you hear it?' }),
    outputRow,
    h('div', { class: 'ct-answer', role: 'group', 'aria-labelledby': questionId }, yes, no, again),
    speakerFeedback,
  );

  const list = h('ol', { class: 'ct-checks' });
  const cards = new Map<CheckId, { li: HTMLLIElement; badge: HTMLElement; body: HTMLElement }>();

  const resultHeading = h('h2', { tabindex: '-1' });
  const resultText = h('p', { class: 'ct-result-text' });
  const copyStatus = h('span', { class: 'ct-copy-status', role: 'status' });
  const reportPre = h('pre', { 'data-report': true, class: 'ct-report' });
  const technical = h('details', { class: 'ct-technical' }, h('summary', { text: 'Technical details (for support)' }), reportPre);
  const copyButton = button('Copy details', () => void copyDetails());
  const result = h(
    'section',
    { class: 'ct-result', hidden: true, 'aria-live': 'polite' },
    resultHeading,
    resultText,
    h('p', {}, copyButton, ' ', copyStatus),
    technical,
  );

  const section = h(
    'section',
    { class: 'ct', 'aria-labelledby': headingId },
    h('h2', { id: headingId, class: 'ct-heading', text: 'Check your camera, microphone and connection' }),
    h('p', {
      class: 'ct-intro',
      text: 'This takes a few seconds. Your browser will ask to use your camera and microphone: please choose “Allow”. Nothing is recorded or sent to anyone.',
    }),
    h('p', {}, startButton),
    h('div', { class: 'ct-progress-row' }, progress, statusText),
    media,
    speakerBox,
    // The verdict sits right under the sound question, so "answer the question" never points off screen.
    result,
    list,
  );
  root.append(section);

  let runner: ConnectionTestRunner | null = null;
  let running: Promise<ConnectionTestReport> | null = null;
  let audio: AudioContext | null = null;

  function setCard(id: CheckId, label: string, state: CheckStatus | 'waiting' | 'running', r?: CheckResult): void {
    let card = cards.get(id);
    if (!card) {
      const badge = h('span', { class: 'ct-badge' });
      const body = h('div', { class: 'ct-body' });
      const li = h(
        'li',
        { class: 'ct-check', 'data-check': id },
        h('h3', {}, h('span', { class: 'ct-label', text: label }), ' ', badge),
        body,
      );
      card = { li, badge, body };
      cards.set(id, card);
      list.append(li);
    }
    card.li.dataset.status = state;
    card.badge.textContent =
      id === 'speakers' && state === 'skip' && r?.details?.problem === 'not confirmed' ? 'Not confirmed' : BADGE[state];
    if (r) {
      card.body.replaceChildren(
        h('p', { class: 'ct-message', text: r.message }),
        ...adviceList(r.advice),
        ...(r.offerCopyLink ? [copyLinkControl()] : []),
      );
    } else {
      card.body.replaceChildren();
    }
  }

  function labelOf(id: CheckId): string {
    return runner?.checks.find((c) => c.id === id)?.label ?? id;
  }

  function showReport(report: ConnectionTestReport): void {
    const fix = firstToFix(report);
    const speakersOpen = report.checks.some((c) => c.id === 'speakers' && c.status === 'skip' && c.details?.problem === 'not confirmed');
    // Checks that could not run (a relay that does not exist is not one of them).
    const unchecked = report.checks.filter((c) => c.status === 'skip' && c.id !== 'speakers' && c.details?.turnConfigured !== false);
    if (report.verdict === 'pass') {
      resultHeading.textContent = 'You are ready for your visit';
      resultText.textContent = speakersOpen
        ? 'Everything we checked works. Please also answer the question about the test sound, just above.'
        : unchecked.length
          ? `Everything we could check works. Not checked: ${unchecked.map((c) => labelOf(c.id)).join(', ')}.`
          : 'Everything works: your browser, camera, microphone, speakers and internet connection.';
    } else if (report.verdict === 'warn') {
      resultHeading.textContent = 'You are ready, with a few things to check';
      resultText.textContent = `Your visit should work. First look at “${labelOf(fix!.id)}”: ${fix!.message}`;
    } else {
      resultHeading.textContent = 'Not ready yet';
      resultText.textContent = `Fix this first: “${labelOf(fix!.id)}”. ${fix!.message}`;
    }
    result.dataset.verdict = report.verdict;
    reportPre.textContent = JSON.stringify(report, null, 2);
    result.hidden = false;
  }

  function detailsText(report: ConnectionTestReport): string {
    const lines = [
      `Vestibule connection test, ${report.startedAt}`,
      `Result: ${report.verdict}`,
      ...report.checks.map((c) => `- ${labelOf(c.id)}: ${c.status}. ${c.message}`),
    ];
    return `${lines.join('\n')}\n\n${JSON.stringify(report, null, 2)}`;
  }

  async function copyDetails(): Promise<void> {
    const report = runner?.lastReport;
    if (!report) return;
    const how = await copyText(detailsText(report), () => {
      technical.open = true;
      const range = document.createRange();
      range.selectNodeContents(reportPre);
      const sel = getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    });
    copyStatus.textContent =
      how === 'copied' ? 'Copied. You can paste the details into a message to support.' : `The details are shown below. ${HAND_COPY}`;
  }

  function answer(heard: boolean): void {
    if (!runner) return;
    yes.setAttribute('aria-pressed', String(heard));
    no.setAttribute('aria-pressed', String(!heard));
    speakerFeedback.textContent = heard
      ? 'Thank you. Your speakers work.'
      : 'Thank you. See “Speakers” below for what to try, then play the sound again.';
    const report = runner.answerSpeakers(heard);
    if (report) {
      showReport(report);
      opts.onFinished?.(report);
    }
  }

  async function replay(): Promise<void> {
    const sc = runner?.speakers;
    if (!sc) return;
    again.disabled = true;
    const ok = await sc.play(outputRow.hidden ? undefined : outputSelect.value);
    again.disabled = false;
    if (!ok) speakerFeedback.textContent = 'The sound could not be played on this speaker.';
  }

  async function showOutputs(): Promise<void> {
    if (!canChooseOutput()) return;
    const outputs = await listOutputs();
    if (outputs.length < 2) return;
    outputSelect.replaceChildren(...outputs.map((o) => h('option', { value: o.deviceId === 'default' ? '' : o.deviceId, text: o.label })));
    outputSelect.onchange = () => void replay();
    outputRow.hidden = false;
  }

  function start(): Promise<ConnectionTestReport> {
    if (running) return running;
    // Created here, in the click that starts the test, so that the browser lets it run.
    void audio?.close().catch(() => undefined);
    audio = createAudioContext();
    runner = new ConnectionTestRunner({
      audioContext: audio,
      camera: {
        createProbe: (stream) => {
          if (preview.srcObject !== stream) preview.srcObject = stream;
          return createVideoProbe(stream, preview);
        },
      },
    });
    const r = runner;
    list.replaceChildren();
    cards.clear();
    result.hidden = true;
    reportPre.textContent = '';
    copyStatus.textContent = '';
    speakerBox.hidden = true;
    speakerFeedback.textContent = '';
    yes.removeAttribute('aria-pressed');
    no.removeAttribute('aria-pressed');
    progress.max = r.checks.length;
    progress.value = 0;
    for (const c of r.checks) setCard(c.id, c.label, 'waiting');
    startButton.disabled = true;
    startButton.textContent = 'Testing…';

    r.on('progress', (p) => {
      progress.value = p.index;
      statusText.textContent = p.text;
      if (p.id) setCard(p.id, p.label, 'running');
    });
    r.on('result', (res) => setCard(res.id, labelOf(res.id), res.status, res));
    r.on('live', (e) => {
      if (e.kind === 'stream') {
        preview.srcObject = e.stream;
        media.hidden = e.stream === null;
        if (e.stream) void preview.play().catch(() => undefined);
      } else if (e.kind === 'level') {
        meter.value = e.value;
      } else {
        speakerBox.hidden = false;
        void showOutputs();
      }
    });

    running = r
      .run()
      .then((report) => {
        showReport(report);
        resultHeading.focus();
        opts.onFinished?.(report);
        return report;
      })
      .finally(() => {
        running = null;
        startButton.disabled = false;
        startButton.textContent = 'Run the test again';
      });
    return running;
  }

  if (opts.autoStart) void start();
  return { start };
}
