import { describe, expect, it } from 'vitest';
import { DigestEntrySchema, digestEntryOf } from './digest-entry.js';
import { webhookBody } from './webhook-payload.js';
import { renderEmail, type NotifiableEvent } from './render-email.js';

const env = { eventId: 'e1', tsEvent: Date.UTC(2024, 0, 1, 0, 16, 20), tsInit: 5, correlationId: 'c', causationId: null };
const closed: NotifiableEvent = { ...env, type: 'position.closed', payload: { positionId: 'p', symbol: 'BTC/USDT:USDT', exchange: 'binance', side: 'short', entryPrice: '42000.5', exitPrice: '42100', amount: '0.01', fees: '0.84', pnl: '-1.835', pnlPct: -0.437, reason: 'trailing_stop', openedAt: 0, closedAt: 1 } };

describe('digestEntryOf', () => {
  it('keeps a close’s P&L exactly, in its quote currency (perp symbols carry a settle suffix)', () => {
    const e = digestEntryOf(closed);
    expect(e).toEqual({ eventId: 'e1', eventType: 'position.closed', occurredAt: env.tsEvent, line: 'Closed short BTC/USDT:USDT 42000.5 → 42100: -1.835 (-0.44 %), trailing_stop', pnl: '-1.835', pnlCurrency: 'USDT' });
    expect(DigestEntrySchema.parse(e)).toEqual(e);
  });
});

describe('webhookBody', () => {
  it('carries id, type, severity, occurredAt, subject, text and the payload', () => {
    const body = JSON.parse(webhookBody(closed, renderEmail(closed), 'info')) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'type', 'severity', 'occurredAt', 'subject', 'text', 'payload']);
    expect(body).toMatchObject({ id: 'e1', type: 'position.closed', severity: 'info', occurredAt: '2024-01-01T00:16:20.000Z' });
    expect(body.payload).toEqual(closed.payload);
    expect(webhookBody(closed, renderEmail(closed), 'info')).toBe(webhookBody(closed, renderEmail(closed), 'info'));
  });
});
