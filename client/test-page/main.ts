// The /test page: the connection test on its own, for anyone, no link needed. People run it the day
// before a visit; it starts on a button press, so the camera prompt never comes as a surprise.
import { connectionTestDialogMessages } from '../../shared/i18n/catalogues/connection-test-dialog.js';
import { mountConnectionTest } from '../connection-test/ui.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { pageLanguage } from '../i18n/page-language.js';

const language = pageLanguage();
const title = connectionTestDialogMessages[language].title;
document.documentElement.lang = language;
document.title = `${title} · Vestibule`;

const root = document.getElementById('app')!;
root.querySelector('[role=status]')?.remove();
const heading = root.querySelector('h1');
if (heading) heading.textContent = title;
root.prepend(languageSwitch(language));
mountConnectionTest(root, { language });
