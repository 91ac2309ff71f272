// Where webhooks may go (SSRF rules) and the webhook settings' validation.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { checkTargetUrl, isInternalAddress } from '../../server/api/webhooks/target-check.js';

const strict = loadConfig({}).webhooks;

describe('webhook targets', () => {
  it('tells internal addresses from public ones, IPv4-mapped IPv6 included', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.5',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.1.1.1',
    ]) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isInternalAddress(a), a).toBe(false);
  });

  it('takes https to public hosts and refuses the rest with a plain reason', () => {
    expect(checkTargetUrl('https://hooks.example.org/vestibule', strict).href).toBe('https://hooks.example.org/vestibule');
    expect(() => checkTargetUrl('http://hooks.example.org/', strict)).toThrow(/https/);
    expect(() => checkTargetUrl('https://user:pw@hooks.example.org/', strict)).toThrow(/user name or password/);
    expect(() => checkTargetUrl('https://[fe80::1]/', strict)).toThrow(/internal/);
    expect(() => checkTargetUrl('not a url', strict)).toThrow(/not a valid URL/);
    const lax = loadConfig({ WEBHOOK_ALLOW_HTTP: 'on', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'on' }).webhooks;
    expect(checkTargetUrl('http://127.0.0.1:9000/x', lax).host).toBe('127.0.0.1:9000');
  });

  it('reads the retry schedule in seconds and refuses nonsense', () => {
    expect(loadConfig({}).webhooks.retryDelaysMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(loadConfig({ WEBHOOK_RETRY_SECONDS: '0.5, 2' }).webhooks.retryDelaysMs).toEqual([500, 2000]);
    for (const bad of ['x', '1,,2', '-1', '90000']) expect(() => loadConfig({ WEBHOOK_RETRY_SECONDS: bad }), bad).toThrow(ConfigError);
  });
});
