import { describe, expect, it } from 'vitest';
import type { DigestEntry } from './digest-entry.js';
import { digestPnl, maxDigestRows, renderDigest } from './render-digest.js';

const t = (h: number, m: number, s = 0): number => Date.UTC(2024, 0, 1, h, m, s);
const entry = (id: string, at: number, line: string, pnl: string | null = null, cur: string | null = null, type = pnl === null ? 'order.filled' : 'position.closed'): DigestEntry => ({ eventId: id, eventType: type, occurredAt: at, line, pnl, pnlCurrency: cur });
const window = { start: t(9, 0), end: t(10, 0) };

describe('renderDigest', () => {
  const entries = [
    entry('c2', t(9, 40), 'Closed long XYZ/USDT 100.1 → 99.9: -0.25 (-0.25 %), trailing_stop', '-0.25', 'USDT'),
    entry('f1', t(9, 5, 7), 'Paper fill BUY 0.99 XYZ/USDT @ 100.1 (open)'),
    entry('c1', t(9, 20), 'Closed long XYZ/USDT 100.1 → 101.6: +1.5 (1.50 %), trailing_stop', '1.5', 'USDT'),
  ];
  const throttled = [
    { ...entry('w1', t(9, 10), 'Order refused for XYZ/USDT by existing_position: busy', null, null, 'order.rejected'), throttleKey: 'order.rejected:existing_position' },
    { ...entry('w2', t(9, 30), 'Order refused for ABC/USDT by existing_position: busy', null, null, 'order.rejected'), throttleKey: 'order.rejected:existing_position' },
  ];
  const d = renderDigest({ window, entries, throttled });

  it('sums closes exactly: 1.5 + (−0.25) = 1.25 USDT', () => {
    expect(digestPnl(entries)).toEqual([{ currency: 'USDT', pnl: '1.25' }]);
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; big.js gives 0.3.
    expect(digestPnl([entry('a', 0, '', '0.1', 'USDT'), entry('b', 0, '', '0.2', 'USDT'), entry('c', 0, '', '5', 'EUR')])).toEqual([{ currency: 'EUR', pnl: '5' }, { currency: 'USDT', pnl: '0.3' }]);
  });

  it('says what happened in the subject', () => {
    expect(d.subject).toBe('[Cascade] Digest 2024-01-01 09:00–10:00 UTC: 1 fill, 2 closes, P&L +1.25 USDT, 2 warnings held back');
    expect(d.severity).toBe('info');
  });

  it('lists events in time order and counts the held-back warnings per key', () => {
    const lines = d.text.split('\n');
    const ev = lines.slice(lines.indexOf('Events (UTC)') + 1, lines.indexOf('Events (UTC)') + 4);
    expect(ev).toEqual(['09:05:07  Paper fill BUY 0.99 XYZ/USDT @ 100.1 (open)', '09:20:00  Closed long XYZ/USDT 100.1 → 101.6: +1.5 (1.50 %), trailing_stop', '09:40:00  Closed long XYZ/USDT 100.1 → 99.9: -0.25 (-0.25 %), trailing_stop']);
    expect(d.text).toContain('2 × Order refused for ABC/USDT by existing_position: busy (09:10:00–09:30:00)');
    expect(d.text).toContain('Net P&L (USDT): +1.25');
  });

  it('is a phone-sized HTML page with escaped text', () => {
    expect(d.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(d.html).toContain('max-width:560px');
    expect(d.html).toContain('100.1 → 101.6');
    const evil = renderDigest({ window, entries: [entry('x', t(9, 1), '<script>alert(1)</script> & co')], throttled: [] });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });

  it('shows at most 200 rows and says how many more there are', () => {
    const many = Array.from({ length: maxDigestRows + 5 }, (_, i) => entry(`f${String(i).padStart(4, '0')}`, t(9, 0, i % 60), `fill ${i}`));
    const r = renderDigest({ window, entries: many, throttled: [] });
    expect(r.text).toContain('… and 5 more in the notifications collection.');
    expect(r.html.match(/<tr>/g)?.length).toBe(4 + maxDigestRows); // 4 summary rows (window, fills, closes, held back) + events
  });

  it('renders an empty window without an events section', () => {
    const r = renderDigest({ window, entries: [], throttled: [] });
    expect(r.subject).toBe('[Cascade] Digest 2024-01-01 09:00–10:00 UTC: 0 fills, 0 closes');
    expect(r.text).not.toContain('Events');
  });
});
