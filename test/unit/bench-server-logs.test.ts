import { describe, expect, it } from 'vitest';
import { isSetupNotice } from '../../scripts/bench/signaling/servers.js';

describe("signaling bench: a server's log", () => {
  it("leaves out what the first start says about the owner's set-up, then and now, and keeps anything else", () => {
    const notice = [
      "The practice has no owner account yet. Get the one-time link that creates it from the server's shell:",
      '  npm run admin -- setup-link',
      '  (in a container: node dist/server/admin-staff-cli.js setup-link)',
      // Builds before the notice printed the link itself.
      "Create the practice's owner account (this link works once, for one hour):",
      '  http://127.0.0.1:8080/practice/setup#t=abc',
    ];
    expect(notice.filter((l) => !isSetupNotice(l))).toEqual([]);
    expect(isSetupNotice('{"level":50,"msg":"join failed"}')).toBe(false);
  });
});
