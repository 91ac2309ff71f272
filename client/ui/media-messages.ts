// What to tell a person whose camera or microphone could not be opened for the visit.
import type { MediaProblem } from '../media/local-media.js';
import type { ProblemText } from './problem-messages.js';

export function mediaProblemText(p: { problem?: MediaProblem; missing?: ('audio' | 'video')[] }): ProblemText {
  if (p.missing?.length) {
    const what = p.missing.includes('video') ? 'camera' : 'microphone';
    return {
      title: `No ${what} found`,
      body: `You can still join, but the other side will not ${what === 'camera' ? 'see' : 'hear'} you. Check that your ${what} is connected, then reload the page.`,
    };
  }
  switch (p.problem) {
    case 'denied':
      return {
        title: 'Camera and microphone are blocked',
        body: 'Your browser did not allow this page to use them. Click the camera icon in the address bar, choose Allow, then reload the page. The connection test shows step-by-step help for your browser.',
      };
    case 'in-use':
      return {
        title: 'Your camera or microphone is busy',
        body: 'Another app or browser tab is using it. Close that app or tab (video apps, other calls), then reload this page.',
      };
    case 'not-found':
      return { title: 'No camera or microphone found', body: 'Check that they are plugged in and switched on, then reload this page.' };
    case 'insecure':
      return {
        title: 'This page is not secure',
        body: 'Browsers only allow the camera on secure (https) pages. Ask your provider for the correct link.',
      };
    case 'unsupported':
      return {
        title: 'This browser cannot make video calls',
        body: 'Open the link in a current version of Chrome, Edge, Firefox or Safari.',
      };
    default:
      return { title: 'Camera or microphone could not start', body: 'Reload the page. If it keeps happening, restart your browser.' };
  }
}
