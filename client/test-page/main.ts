// The /test page: the connection test on its own, for anyone, no link needed. People run it the day
// before a visit; it starts on a button press, so the camera prompt never comes as a surprise.
import { connectionTestMessages } from '../../shared/i18n/catalogues/connection-test.js';
import { translator } from '../../shared/i18n/translate.js';
import { CONNECTION_TEST_WORDS } from '../connection-test/word-loaders.js';
import { mountConnectionTest } from '../connection-test/ui.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { pageWordsReady } from '../i18n/page-words.js';

async function start(): Promise<void> {
  // A page in another language than English first loads its words.
  const language = await pageWordsReady(CONNECTION_TEST_WORDS);
  const title = translator(connectionTestMessages, language)('title');
  document.documentElement.lang = language;
  document.title = `${title} · Vestibule`;

  const root = document.getElementById('app')!;
  root.querySelector('[role=status]')?.remove();
  const heading = root.querySelector('h1');
  if (heading) heading.textContent = title;
  root.prepend(languageSwitch(language));
  mountConnectionTest(root, { language });
}

void start();
