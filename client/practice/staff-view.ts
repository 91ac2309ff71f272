// Staff, for owners and managers: who is who, and Teletherapy on or off.
import { button, h } from '../ui/dom.js';
import { type Staff, setTeletherapy, staffList } from './api.js';
import { describeError, messageArea } from './ui.js';

export async function staffSection(onChange: () => void): Promise<HTMLElement> {
  const message = messageArea();
  const list = h('ul', { class: 'staff' });
  const section = h('section', { 'aria-labelledby': 'staff-h' }, h('h2', { id: 'staff-h', text: 'Staff' }), list, message.el);
  const render = (staff: Staff[]) => {
    list.replaceChildren(
      ...staff.map((m) =>
        h(
          'li',
          {},
          h('span', { text: `${m.name} (${m.role}), Teletherapy ${m.teletherapy ? 'on' : 'off'}` }),
          m.role === 'scheduler'
            ? null
            : button(`${m.teletherapy ? 'Turn off' : 'Turn on'} Teletherapy for ${m.name}`, async () => {
                try {
                  await setTeletherapy(m.id, !m.teletherapy);
                  await load();
                  onChange();
                } catch (e) {
                  message.show(describeError(e));
                }
              }),
        ),
      ),
    );
  };
  const load = async () => render((await staffList()).staff);
  await load();
  return section;
}
