import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { PositionMonitor } from './position-monitor.js';

const T0 = Date.UTC(2024, 0, 1, 10);
const trade = (id: number, ts: number, price: number): Trade => ({ id: String(id), ts, price, amount: 1, side: 'sell', sideInferred: false });

describe('position monitor: liquidation', () => {
  it('a trade through the liquidation price exits with reason liquidation, before the trailing stop it also crosses', () => {
    const m = new PositionMonitor();
    // 10× long at 40 000, liquidation 36 144.58 (Binance formula, see core/src/perp/liquidation-price.test.ts).
    m.track({ positionId: 'p', symbol: 'BTC/USDT:USDT', side: 'long', entryPrice: 40_000, openedAt: T0, trailingStopPct: 0.005, maxHoldMs: 1_800_000, liquidationPrice: 36_144.58 });
    expect(m.onTrade('BTC/USDT:USDT', trade(1, T0 + 1_000, 40_010))).toEqual([]);
    const [x] = m.onTrade('BTC/USDT:USDT', trade(2, T0 + 2_000, 35_000));
    expect([x?.reason, x?.values.liquidationPrice]).toEqual(['liquidation', 36_144.58]);
  });

  it('a short is liquidated at or above its price; without a liquidation price the trailing stop exits as before', () => {
    const m = new PositionMonitor();
    m.track({ positionId: 's', symbol: 'X', side: 'short', entryPrice: 40_000, openedAt: T0, trailingStopPct: 0.005, maxHoldMs: 1_800_000, liquidationPrice: 43_824.7 });
    m.track({ positionId: 'n', symbol: 'X', side: 'short', entryPrice: 40_000, openedAt: T0, trailingStopPct: 0.005, maxHoldMs: 1_800_000 });
    const out = m.onTrade('X', trade(1, T0 + 1_000, 43_824.7));
    expect(Object.fromEntries(out.map((x) => [x.positionId, x.reason]))).toEqual({ s: 'liquidation', n: 'trailing_stop' });
  });
});
