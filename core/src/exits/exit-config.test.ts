import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { defaultStrategyConfig } from '../config/strategy-config.js';
import { defaultPortfolioRiskConfig } from '../risk/portfolio/portfolio-risk-config.js';
import { ExitConfigSchema, defaultExitConfig } from './exit-config.js';
import { PositionMonitor } from './position-monitor.js';

const MIN = 60_000;
const buy = (id: string, ts: number, price: number): Trade => ({ id, ts, price, amount: 1, side: 'buy', sideInferred: false });

describe('exit defaults (§2.5 no time-based exits, §2.2.5 scalping max hold 30 min)', () => {
  it('caps a position at 30 min = 1 800 000 ms, in the exit config and the strategy config', () => {
    // §2.2.5 max_hold_times.scalping_minutes: 30 → 30 × 60 × 1000 ms.
    expect(defaultExitConfig.maxHoldMs).toBe(1_800_000);
    expect(defaultStrategyConfig.exits.maxHoldMs).toBe(1_800_000);
  });

  it("agrees with the portfolio risk manager's orderflow_scalp max hold, so neither cap fires first by accident", () => {
    expect(defaultExitConfig.maxHoldMs).toBe(defaultPortfolioRiskConfig.maxHold.byStrategy.orderflow_scalp);
  });

  it('lets a steadily climbing long run past 5 min and closes it at 30 min, by max_hold', () => {
    // A buy every 10 s, each 0.01 % above the last: no drop, so neither the trailing stop nor the
    // adverse-move count can fire; only the cap ends it.
    const m = new PositionMonitor(defaultExitConfig);
    m.track({ positionId: 'p', symbol: 'X/Y', side: 'long', entryPrice: 100, openedAt: 0, trailingStopPct: 0.005, maxHoldMs: defaultExitConfig.maxHoldMs });
    let price = 100;
    let exit: ReturnType<PositionMonitor['onTrade']> = [];
    let ts = 0;
    while (exit.length === 0 && ts < 60 * MIN) {
      ts += 10_000;
      price *= 1.0001;
      exit = m.onTrade('X/Y', buy(String(ts), ts, price));
    }
    expect(exit[0]?.reason).toBe('max_hold');
    expect(ts).toBe(30 * MIN);
  });

  it('still accepts a shorter cap from config', () => {
    expect(ExitConfigSchema.parse({ maxHoldMs: 5 * MIN }).maxHoldMs).toBe(300_000);
  });
});
