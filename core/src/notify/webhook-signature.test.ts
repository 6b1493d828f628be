import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, signWebhook, verifyWebhook } from './webhook-signature.js';

const secret = 'whsec-test-0123456789';
const body = JSON.stringify({ id: 'evt-1', type: 'system.error', text: 'Überlast ✓' });
const ts = 1_704_067_200;

describe('webhook signatures', () => {
  it('match an independent HMAC-SHA256 (node:crypto) over "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it('verify the genuine request and refuse a tampered body, a wrong secret, a stale timestamp', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, body, sig, String(ts), ts + 10)).toEqual({ ok: true });
    expect(verifyWebhook(secret, body.replace('evt-1', 'evt-2'), sig, String(ts), ts)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifyWebhook('other', body, sig, String(ts), ts)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifyWebhook(secret, body, sig, String(ts), ts + 301).ok).toBe(false);
    expect(verifyWebhook(secret, body, sig, String(ts + 1), ts).ok).toBe(false);
    expect(verifyWebhook(secret, body, undefined, String(ts), ts).ok).toBe(false);
    expect(verifyWebhook(secret, body, sig, '1e9', ts).ok).toBe(false);
  });

  it('compares equal strings as equal and any difference, including length, as different', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
