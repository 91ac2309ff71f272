// The practice dashboard's entry: one page for every /practice path, each path its own screen.
import { showDashboard } from './dashboard.js';
import { SCREENS } from './screens.js';
import { showSignIn } from './sign-in.js';
import { showTokenForm } from './token-forms.js';

const path = location.pathname.replace(/\/+$/, '');
if (path === '/practice/sign-in') showSignIn();
else if (path === '/practice/setup') showTokenForm('setup');
else if (path === '/practice/accept-invitation') showTokenForm('accept-invitation');
else if (path === '/practice/reset-password') showTokenForm('reset-password');
else void showDashboard(SCREENS);
