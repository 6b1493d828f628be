import type { ReportTrade } from '../../core/src/report/period/report-trade.js';

/** Test data shared by the report tests (not a test file itself). Times on 2024-03-05 UTC. */
export const DAY = Date.UTC(2024, 2, 5);
export const H = 3_600_000;
export const M = 60_000;

export function trade(p: Partial<ReportTrade> & Pick<ReportTrade, 'positionId' | 'pnl' | 'closedAt'>): ReportTrade {
  return {
    symbol: 'BTC/USDT',
    exchange: 'binance',
    quote: 'USDT',
    side: 'long',
    module: 'orderflow_scalp',
    strategy: 'orderflow_scalp',
    entryPrice: '100',
    exitPrice: '101',
    amount: '10',
    fees: '1',
    reason: 'trailing_stop',
    openedAt: p.closedAt - 30 * M,
    signalId: `sig-${p.positionId}`,
    ...p,
  };
}

/**
 * The hand-worked set. USDT, closed on 2024-03-05:
 *   p1 binance BTC long  +10 (fees 1)  23:30 (the day before) → 00:30
 *   p2 binance ETH short  −5 (fees 1)  01:30 → 02:00
 *   p3 bybit   BTC long  +20 (fees 2)  01:45 → 03:00, module meme_hunter, strategy meme
 *   p4 binance BTC long  −10 (fees 1)  03:30 → 04:00
 * USD: p6 oanda EUR/USD −2.5 (fees 0.5) 04:30 → 05:00.
 * Outside the day: p0 (−7, closed 23:59:59.999 the day before), p5 (+3, closed 00:00 the day after).
 */
export const SET: readonly ReportTrade[] = [
  trade({ positionId: 'p5', pnl: '3', closedAt: DAY + 24 * H }),
  trade({ positionId: 'p4', pnl: '-10', exitPrice: '99.1', closedAt: DAY + 4 * H }),
  trade({ positionId: 'p1', pnl: '10', exitPrice: '101.1', openedAt: DAY - 30 * M, closedAt: DAY + 30 * M }),
  trade({ positionId: 'p3', pnl: '20', exitPrice: '102.2', fees: '2', exchange: 'bybit', module: 'meme_hunter', strategy: 'meme', openedAt: DAY + H + 45 * M, closedAt: DAY + 3 * H }),
  trade({ positionId: 'p2', pnl: '-5', symbol: 'ETH/USDT', side: 'short', entryPrice: '50', exitPrice: '50.4', closedAt: DAY + 2 * H }),
  trade({ positionId: 'p6', pnl: '-2.5', symbol: 'EUR/USD', exchange: 'oanda', quote: 'USD', entryPrice: '1.08', exitPrice: '1.0775', amount: '1000', fees: '0.5', reason: 'max_hold', closedAt: DAY + 5 * H }),
  trade({ positionId: 'p0', pnl: '-7', closedAt: DAY - 1 }),
];

/**
 * Paper accounts as they stand after all of SET: realised equity now = starting + realised, so
 * USDT: 607 + (−7 + 10 − 5 − 10 + 3) + 400 + 20 = 1018; less the closes since the day began
 * (10 − 5 + 20 − 10 + 3 = 18) → 1000 at 00:00. USD: 500 − 2.5 + 2.5 = 500.
 */
export const ACCOUNTS = [
  { currency: 'USDT', startingEquity: '607', realizedPnl: '-9' },
  { currency: 'USDT', startingEquity: '400', realizedPnl: '20' },
  { currency: 'USD', startingEquity: '500', realizedPnl: '-2.5' },
] as const;
