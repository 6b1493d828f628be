import { describe, expect, it } from 'vitest';
import { AlertRoute, classifyAlert, digestWindow, isThrottled } from './alert-policy.js';
import type { NotifiableEvent } from './render-email.js';

const env = { eventId: 'e1', tsEvent: Date.UTC(2024, 0, 1, 10, 0), tsInit: 0, correlationId: 'c', causationId: null };
const rejected = (handler: string): NotifiableEvent => ({ ...env, type: 'order.rejected', payload: { clientOrderId: 'cx', signalId: 's', symbol: 'XYZ/USDT', handler, reason: 'r' } });
const sysErr = (component: string, critical: boolean): NotifiableEvent => ({ ...env, type: 'system.error', payload: { component, error: 'boom', critical } });

describe('classifyAlert routes by severity (§2.2.0.2)', () => {
  it('sends fills and closes to the digest', () => {
    const fill: NotifiableEvent = { ...env, type: 'order.filled', payload: { clientOrderId: 'cx', positionId: 'cx', symbol: 'XYZ/USDT', exchange: 'x', intent: 'open', side: 'buy', price: '1', amount: '1', fee: '0', feeCurrency: 'USDT', venue: 'paper' } };
    const close: NotifiableEvent = { ...env, type: 'position.closed', payload: { positionId: 'p', symbol: 'XYZ/USDT', exchange: 'x', side: 'long', entryPrice: '1', exitPrice: '2', amount: '1', fees: '0', pnl: '1', pnlPct: 100, reason: 'trailing_stop', openedAt: 0, closedAt: 1 } };
    expect(classifyAlert(fill)).toEqual({ severity: 'info', route: AlertRoute.Digest, throttleKey: null });
    expect(classifyAlert(close)).toEqual({ severity: 'info', route: AlertRoute.Digest, throttleKey: null });
  });

  it('treats a venue refusal as critical and the engine’s own refusals as warnings keyed by handler', () => {
    expect(classifyAlert(rejected('venue'))).toEqual({ severity: 'critical', route: AlertRoute.Immediate, throttleKey: null });
    expect(classifyAlert(rejected('existing_position'))).toEqual({ severity: 'warning', route: AlertRoute.Throttle, throttleKey: 'order.rejected:existing_position' });
    expect(classifyAlert(rejected('sanity')).throttleKey).toBe('order.rejected:sanity');
  });

  it('makes connection loss, breaker and reconciliation failures critical whatever the flag says', () => {
    for (const c of ['data_connection', 'circuit_breaker', 'reconciliation']) expect(classifyAlert(sysErr(c, false)).severity).toBe('critical');
    expect(classifyAlert(sysErr('analytics', true)).route).toBe(AlertRoute.Immediate);
    expect(classifyAlert(sysErr('analytics', false))).toEqual({ severity: 'warning', route: AlertRoute.Throttle, throttleKey: 'system.error:analytics' });
  });

  it('keys a refused config edit by document and the set of bad fields, not their order or repeats', () => {
    const cfg = (paths: string[]): NotifiableEvent => ({ ...env, type: 'config.rejected', payload: { path: 'strategy_configs/default', updateTime: 1, errors: paths.map((p) => ({ path: p, message: 'bad' })), keptVersion: null, detectedBy: 'x' } });
    expect(classifyAlert(cfg(['b', 'a', 'b'])).throttleKey).toBe('config.rejected:strategy_configs/default:a,b');
    expect(classifyAlert(cfg(['a', 'b'])).throttleKey).toBe(classifyAlert(cfg(['b', 'a'])).throttleKey);
    expect(classifyAlert(cfg(['c'])).throttleKey).not.toBe(classifyAlert(cfg(['a'])).throttleKey);
  });
});

describe('isThrottled', () => {
  const t0 = Date.UTC(2024, 0, 1, 10, 0);
  it('never throttles the first warning of a key', () => expect(isThrottled(null, t0, 15)).toBe(false));
  it('throttles inside the window and releases at its end (15 min = 900 000 ms)', () => {
    expect(isThrottled(t0, t0 + 899_999, 15)).toBe(true);
    expect(isThrottled(t0, t0 + 900_000, 15)).toBe(false);
  });
});

describe('digestWindow', () => {
  it('closes hourly windows on the hour, UTC', () => {
    const w = digestWindow(Date.UTC(2024, 0, 1, 10, 37, 12), 60);
    expect(w).toEqual({ start: Date.UTC(2024, 0, 1, 9, 0), end: Date.UTC(2024, 0, 1, 10, 0), id: 'digest-2024-01-01T10:00:00Z' });
  });

  it('aligns other lengths to the epoch', () => {
    // 2024-01-01T10:37Z = 1 704 105 420 000 ms = 28 401 757 min; ⌊28 401 757 / 45⌋ × 45 = 631 150 × 45
    // = 28 401 750 min → 10:30Z.
    expect(digestWindow(Date.UTC(2024, 0, 1, 10, 37), 45).end).toBe(Date.UTC(2024, 0, 1, 10, 30));
  });

  it('gives windows of different lengths that end together the same id', () => {
    const now = Date.UTC(2024, 0, 1, 10, 2);
    expect(digestWindow(now, 30).id).toBe(digestWindow(now, 60).id);
  });
});
