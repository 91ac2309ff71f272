// The /test page: the connection test on its own, for anyone, no link needed. People run it the day
// before a visit; it starts on a button press, so the camera prompt never comes as a surprise.
import { mountConnectionTest } from '../connection-test/ui.js';

const root = document.getElementById('app')!;
root.querySelector('[role=status]')?.remove();
mountConnectionTest(root);
