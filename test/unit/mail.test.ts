// Email's pure parts: settings checked at start-up, HTML that escapes what people typed, SMTP replies
// with addresses and links taken out, and the retry waits.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { retryDelayMs } from '../../server/mail/delivery-worker.js';
import { describeSmtpError, scrub } from '../../server/mail/smtp-sender.js';
import { renderStaffMail } from '../../server/mail/staff-templates.js';
import { renderVisitMail } from '../../server/mail/visit-templates.js';

describe('mail settings', () => {
  it('default to the outbox; SMTP_URL needs MAIL_FROM; both are checked', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: null, fromAddress: 'no-reply@localhost', pollSeconds: 15 });
    const set = loadConfig({ SMTP_URL: 'smtps://u:secretpw@mail.example.org:465', MAIL_FROM: 'Practice <visits@example.org>' }).mail;
    expect(set).toMatchObject({ smtpUrl: 'smtps://u:secretpw@mail.example.org:465', fromAddress: 'visits@example.org' });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(/SMTP_URL needs MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://u:secretpw@mail.example.org', MAIL_FROM: 'a@b.c' })).toThrow(ConfigError);
    try {
      loadConfig({ SMTP_URL: 'http://u:secretpw@mail.example.org', MAIL_FROM: 'a@b.c' });
    } catch (e) {
      expect((e as Error).message).not.toContain('secretpw');
    }
    expect(() => loadConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an address/);
    expect(() => loadConfig({ MAIL_POLL_SECONDS: '-1' })).toThrow(/MAIL_POLL_SECONDS/);
    expect(loadConfig({ MAIL_POLL_SECONDS: '0' }).mail.pollSeconds).toBe(0);
  });
});

describe('templates', () => {
  it('escape names in the HTML part and keep the text part plain', () => {
    const mail = renderVisitMail({
      kind: 'invitation',
      language: 'en',
      facts: { clientName: '<script>x</script>', providerName: 'Dr. "Q" & Co', when: 'Monday' },
      visitUrl: 'https://visits.example.org/v/abc#t=tok',
      testUrl: 'https://visits.example.org/test',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;');
    expect(mail.html).toContain('Dr. &#34;Q&#34; &#38; Co');
    expect(mail.text).toContain('Hello <script>x</script>,');
  });

  it('refuse a link that is not http(s)', () => {
    expect(() => renderStaffMail('password-reset', 'Sam', 'javascript:alert(1)', 1)).toThrow(/http/);
  });
});

describe('SMTP failures', () => {
  it('say what happened without addresses or links', () => {
    expect(scrub('550 5.1.1 <bob@example.org>: unknown, see https://help.example.org/x')).toBe('550 5.1.1 [address]: unknown, see [link]');
    const refused = describeSmtpError({ responseCode: 550, response: '550 User bob@example.org unknown' });
    expect(refused).toMatchObject({ permanent: true, reason: 'the SMTP server answered 550', serverSaid: 'User [address] unknown' });
    expect(refused.forOutbox).toBe('the SMTP server answered 550: User [address] unknown');
    expect(describeSmtpError({ responseCode: 421, response: '421 busy' }).permanent).toBe(false);
    expect(describeSmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' }).reason).toBe(
      'cannot reach the SMTP server (connection refused)',
    );
  });

  it("give their reason (logged, sent to webhooks) from the reply's codes only: the server's words may name the recipient", () => {
    const unknown = describeSmtpError({ responseCode: 550, response: '550 5.1.1 <bob@example.org>: Recipient Bob Jones unknown' });
    expect(unknown.reason).toBe('the SMTP server answered 550 (5.1.1, no such mailbox)');
    expect(unknown.serverSaid).toBe('5.1.1 [address]: Recipient Bob Jones unknown');
    expect(unknown.forOutbox).toBe('the SMTP server answered 550 (5.1.1, no such mailbox): 5.1.1 [address]: Recipient Bob Jones unknown');
    expect(describeSmtpError({ responseCode: 452, response: '452-4.2.2 The mailbox of Ann Lee is full' }).reason).toBe(
      'the SMTP server answered 452 (4.2.2, the mailbox is full)',
    );
    expect(describeSmtpError({ responseCode: 554, response: '554 5.7.26 Unauthenticated mail from Dr. Rivera' }).reason).toBe(
      'the SMTP server answered 554 (5.7.26, about security or policy)',
    );
  });

  it('are retried after 30 s, doubling, at most an hour apart', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3600_000);
  });
});
