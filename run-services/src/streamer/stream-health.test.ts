import { describe, expect, it } from 'vitest';
import { ManualClock, SystemError, Topic, topicSchemas } from '@cascade/core';
import { GapOutcome } from '@cascade/adapters/venues/ccxt';
import { DataAlertKind, StreamHealth, StreamHealthConfigSchema, StreamState, describeOpenGap, systemErrorOf } from './stream-health.js';

/** Stand-ins for ccxt's error classes: health names an error by its class, whatever the venue library. */
class NetworkError extends Error {}
class RequestTimeout extends NetworkError {}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function health(connectionLostAfterMs = 30_000) {
  const clock = new ManualClock(T0);
  return { clock, h: new StreamHealth('binance', StreamHealthConfigSchema.parse({ connectionLostAfterMs }), clock) };
}

describe('StreamHealth', () => {
  it('defaults to alerting after 30 s without a stream', () => {
    expect(StreamHealthConfigSchema.parse({})).toEqual({ connectionLostAfterMs: 30_000 });
  });

  it('raises one connection-lost alert per outage, however many reconnects fail in it', () => {
    const { h, clock } = health(30_000);
    h.begin('BTC/USDT');
    h.begin('ETH/USDT');
    h.live('BTC/USDT');
    h.trade('BTC/USDT', T0 - 5);
    expect(h.check()).toEqual([]);

    h.failed('BTC/USDT', new NetworkError('connection closed')); // outage starts at T0
    clock.advance(29_999);
    h.failed('BTC/USDT', new NetworkError('ECONNREFUSED'));
    expect(h.check()).toEqual([]); // 29.999 s < 30 s
    clock.advance(1);
    expect(h.check()).toEqual([
      { kind: DataAlertKind.ConnectionLost, exchange: 'binance', symbol: 'BTC/USDT', since: T0, at: T0 + 30_000, failures: 2, lastError: 'NetworkError: ECONNREFUSED' },
    ]);
    clock.advance(60_000);
    h.failed('BTC/USDT', new NetworkError('ECONNREFUSED'));
    expect(h.check()).toEqual([]); // same outage

    h.live('BTC/USDT'); // back: the outage ends
    expect(h.snapshot().symbols[0]).toMatchObject({ symbol: 'BTC/USDT', state: StreamState.Live, reconnects: 1, failures: 3, disconnectedSince: null, lastTradeTs: T0 - 5 });

    h.failed('BTC/USDT', new RequestTimeout('ping-pong keepalive missing')); // a new outage at T0+90 s
    clock.advance(30_000);
    expect(h.check().map((a) => [a.kind, a.symbol, a.kind === DataAlertKind.ConnectionLost ? a.since : 0])).toEqual([['connection_lost', 'BTC/USDT', T0 + 90_000]]);
  });

  it('never alerts for a stream that was stopped, nor for one that was never disconnected', () => {
    const { h, clock } = health(1_000);
    h.begin('BTC/USDT');
    h.failed('BTC/USDT', new Error('x'));
    h.stopped('BTC/USDT');
    h.begin('ETH/USDT');
    clock.advance(10_000);
    expect(h.check()).toEqual([]);
  });

  it('shows each symbol in the status snapshot', () => {
    const { h, clock } = health();
    h.begin('BTC/USDT');
    expect(h.snapshot()).toEqual({
      connectionLostAfterMs: 30_000,
      symbols: [{ symbol: 'BTC/USDT', state: 'connecting', lastTradeTs: null, lastTradeAt: null, reconnects: 0, failures: 0, gapFilledTrades: 0, gapsOpen: 0, disconnectedSince: null, lastError: null }],
    });
    h.failed('BTC/USDT', new NetworkError('closed'));
    h.filling('BTC/USDT');
    clock.advance(250);
    h.trade('BTC/USDT', T0 + 100);
    h.gapFilled('BTC/USDT', 42);
    h.live('BTC/USDT');
    expect(h.snapshot().symbols[0]).toEqual({
      symbol: 'BTC/USDT', state: 'live', lastTradeTs: T0 + 100, lastTradeAt: T0 + 250, reconnects: 1, failures: 1,
      gapFilledTrades: 42, gapsOpen: 0, disconnectedSince: null, lastError: 'NetworkError: closed',
    });
  });
});

describe('systemErrorOf', () => {
  it('makes a critical data_connection system.error that trading.events accepts, with a stable id', () => {
    const { h, clock } = health(30_000);
    h.begin('BTC/USDT');
    h.failed('BTC/USDT', new NetworkError('connection closed'));
    clock.advance(45_000);
    const [alert] = h.check();
    if (!alert) throw new Error('no alert');
    const msg = systemErrorOf(alert, T0 + 45_010);
    expect(SystemError.parse(msg)).toEqual(msg);
    expect(topicSchemas[Topic.TradingEvents].safeParse(msg).success).toBe(true);
    expect(msg).toMatchObject({
      type: 'system.error', tsEvent: T0 + 45_000, tsInit: T0 + 45_010, causationId: null,
      payload: {
        component: 'data_connection', critical: true,
        error: 'binance BTC/USDT: no trade stream for 45 s (since 2026-01-01T00:00:00.000Z, 1 failed reconnects; last error: NetworkError: connection closed)',
      },
    });
    expect(msg.correlationId).toBe(msg.eventId);
    expect(systemErrorOf(alert, T0 + 99_999).eventId).toBe(msg.eventId);
  });

  it('names the missing trades of a gap left open', () => {
    const { h } = health();
    h.begin('BTC/USDT');
    const gap = { from: { id: '100', ts: T0 }, until: { id: '200', ts: T0 + 60_000 } };
    const report = { symbol: 'BTC/USDT', ...gap, outcome: GapOutcome.Limited, handed: 50, pages: 1, reached: { id: '150', ts: T0 + 30_000 }, detail: 'stopped at the limit of 50 trades' };
    const alert = h.gapOpen('BTC/USDT', gap, report, describeOpenGap(gap, report, `${report.outcome}: ${report.detail}`));
    expect(h.snapshot().symbols[0]?.gapsOpen).toBe(1);
    const msg = systemErrorOf(alert, T0);
    expect(msg.payload).toEqual({
      component: 'data_connection',
      critical: true,
      error:
        "binance BTC/USDT: gap in trades not filled: trades after 150 (2026-01-01T00:00:30.000Z) up to the stream's trade 200 (2026-01-01T00:01:00.000Z) " +
        'are missing or unverified; 50 trades filled from REST first; limited: stopped at the limit of 50 trades',
    });
    expect(SystemError.safeParse(msg).success).toBe(true);
  });
});
