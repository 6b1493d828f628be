import { describe, expect, it } from 'vitest';
import type { MonitoredPosition, PositionOpened } from '@cascade/core';
import { MonitoredPositionDocSchema, StoredDocumentError, parseStored } from '@cascade/adapters/firestore';
import { monitoredPositionOf } from './monitored-position.js';

const T = Date.UTC(2024, 2, 6, 10, 0);
const opened: PositionOpened['payload'] = { positionId: 'cx-1', symbol: 'SOL/USDT', exchange: 'binance', side: 'short', entryPrice: '100.5', amount: '2', openedAt: T, trailingStopPct: 0.005, initialStopPrice: '101.25', maxHoldMs: 1_800_000 };
/** `active_positions/cx-1` as execute-signal writes it for the same fill (functions/src/execute/execute-signal.ts). */
const stored = { positionId: 'cx-1', signalId: 's-1', symbol: 'SOL/USDT', exchange: 'binance', market: { marketType: 'spot' }, side: 'short', entryPrice: '100.5', amount: '2', entryFee: '0.2', margin: '201', openedAt: T, trailingStopPct: 0.005, initialStopPrice: '101.25', maxHoldMs: 1_800_000, score: 80, createdAt: T };
// The decimals as doubles: 100.5 and 101.25 are exact in binary.
const expected: MonitoredPosition = { positionId: 'cx-1', symbol: 'SOL/USDT', side: 'short', entryPrice: 100.5, openedAt: T, trailingStopPct: 0.005, maxHoldMs: 1_800_000, initialStop: 101.25 };

describe('monitoredPositionOf: one mapping for position.opened and active_positions', () => {
  it('maps an event payload and the stored document of the same position alike', () => {
    expect(monitoredPositionOf(opened)).toEqual(expected);
    const doc = parseStored(MonitoredPositionDocSchema, stored, 'active_positions/cx-1');
    expect(monitoredPositionOf({ ...doc, positionId: 'cx-1' })).toEqual(expected);
  });

  it('no initial stop (null in events, absent in older documents) is trail only', () => {
    expect(monitoredPositionOf({ ...opened, initialStopPrice: null }).initialStop).toBeNull();
    const { initialStopPrice: _omitted, ...withoutStop } = stored;
    const doc = parseStored(MonitoredPositionDocSchema, withoutStop, 'active_positions/cx-1');
    expect(monitoredPositionOf({ ...doc, positionId: 'cx-1' }).initialStop).toBeNull();
  });

  it('a corrupted active_positions document names the document and the field', () => {
    const bad = { ...stored, trailingStopPct: '0.5 %', entryPrice: 100.5 };
    let err: unknown;
    try {
      parseStored(MonitoredPositionDocSchema, bad, 'active_positions/cx-1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoredDocumentError);
    expect(err).toMatchObject({ path: 'active_positions/cx-1' });
    expect(err instanceof StoredDocumentError ? [...err.fields].sort() : []).toEqual(['entryPrice', 'trailingStopPct']);
  });
});
