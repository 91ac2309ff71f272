// What only a provider's visit page shows: the waiting list with its Admit buttons, the lobby's words
// about who is waiting, the running-late notices to post, and the tab title's count and chime. Loaded
// with import() once the server says the page is a provider's (visit-app.ts), so a client's page,
// the one most often opened on a phone, never downloads it.
export { NoticeComposer } from '../ui/notice-composer.js';
export { providerStageText } from '../ui/stage-message.js';
export { WaitingList } from '../ui/waiting-list.js';
export { WaitingAlerts } from './waiting-alerts.js';
