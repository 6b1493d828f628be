import { describe, expect, it } from 'vitest';
import { renderEmail, type NotifiableEvent } from './render-email.js';

const env = { eventId: 'e1', tsEvent: Date.UTC(2024, 0, 1, 0, 16, 20), tsInit: 0, correlationId: 'c', causationId: null };
const rejected = (handler: string): NotifiableEvent => ({ ...env, type: 'order.rejected', payload: { clientOrderId: 'cx-0123456789abcdef0123', signalId: 's', symbol: 'XYZ/USDT', handler, reason: 'Account has insufficient balance' } });

describe('renderEmail', () => {
  it('marks a venue refusal as a critical order failure', () => {
    const r = renderEmail(rejected('venue'));
    expect(r.severity).toBe('critical');
    expect(r.subject).toBe('[Cascade] CRITICAL: order failed for XYZ/USDT: venue');
    expect(r.html).toContain('color:#b00020');
  });

  it('keeps the engine’s own refusals as warnings', () => {
    const r = renderEmail(rejected('existing_position'));
    expect(r.severity).toBe('warning');
    expect(r.subject).toBe('[Cascade] Order refused for XYZ/USDT: existing_position');
  });

  it('reads on a phone: viewport meta, 16 px text, one fluid column, long ids wrap', () => {
    const r = renderEmail(rejected('sanity'));
    expect(r.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(r.html).toContain('font-size:16px');
    expect(r.html).toContain('max-width:560px');
    expect(r.html).toContain('overflow-wrap:anywhere');
    expect(r.html).not.toContain('white-space:nowrap;vertical-align:top'); // the old label column could not wrap
    expect(r.text).toBe('Order refused\n\nSymbol: XYZ/USDT\nRefused by: sanity\nReason: Account has insufficient balance\nSignal: s\nClient order id: cx-0123456789abcdef0123');
  });

  it('labels data-connection loss critical even when the producer did not flag it', () => {
    const r = renderEmail({ ...env, type: 'system.error', payload: { component: 'data_connection', error: 'binance websocket closed 1006', critical: false } });
    expect(r.subject).toBe('[Cascade] CRITICAL in data_connection');
  });
});
