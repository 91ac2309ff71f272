// The waiting room's "Test my connection": the test in a modal dialog, loaded when opened (most people
// never open it mid-visit, so the visit page stays small), with its stylesheet, and its words when
// the page is not in English. Open it from the click, so the test's sound may play.
import { connectionTestDialogMessages } from '../../shared/i18n/catalogues/connection-test-dialog.js';
import { translator } from '../../shared/i18n/translate.js';
import { pageLanguage } from '../i18n/page-language.js';
import { loadWords } from '../i18n/words-loader.js';
import { button, h } from '../ui/dom.js';
import { addStylesheet } from '../util/stylesheet.js';
import type { ConnectionTestReport } from './report.js';
import type { TestSummary } from '../../shared/protocol.js';
import { CONNECTION_TEST_WORDS } from './word-loaders.js';

export interface ConnectionTestDialogOptions {
  /** The provider's one-line summary, each time the report changes. */
  onSummary(summary: TestSummary, report: ConnectionTestReport): void;
  log(line: string): void;
}

export function openConnectionTestDialog(opts: ConnectionTestDialogOptions): HTMLDialogElement {
  const language = pageLanguage();
  const t = translator(connectionTestDialogMessages, language);
  const dialog = h('dialog', { class: 'connection-test-dialog', 'aria-label': t('title') });
  const body = h('div', {}, h('p', { role: 'status', text: t('loading') }));
  dialog.append(
    body,
    button(t('close'), () => dialog.close(), { class: 'secondary' }),
  );
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  Promise.all([
    import('../visit/connection-test.js'),
    loadWords(language, CONNECTION_TEST_WORDS),
    addStylesheet('connection-test.css'),
  ]).then(
    ([{ mountConnectionTest, summarize }, wordsHere]) => {
      if (!dialog.open) return;
      body.replaceChildren();
      // Without its words in the page's language (they did not load), the test speaks English.
      const speaks = wordsHere ? language : 'en';
      mountConnectionTest(body, { autoStart: true, language: speaks, onFinished: (report) => opts.onSummary(summarize(report), report) });
    },
    (e: unknown) => {
      opts.log(`connection test did not load: ${String(e)}`);
      body.replaceChildren(h('p', { role: 'alert', text: t('loadFailed') }));
    },
  );
  return dialog;
}
