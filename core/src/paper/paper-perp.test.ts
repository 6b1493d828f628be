import { describe, expect, it } from 'vitest';
import { StrategyConfigSchema } from '../config/strategy-config.js';
import { dec } from '../execution/money.js';
import { fundingReceived } from '../perp/funding-payment.js';
import { fundingTimesBetween } from '../perp/funding-schedule.js';
import { marketFromTape } from '../tape/market-from-tape.js';
import { type PaperAccount, type PaperPosition, applyFunding, applyOpen, newPaperAccount } from './paper-account.js';
import { paperExecuteExit } from './paper-execute.js';

// BTC/USDT:USDT on Binance USDⓈ-M defaults: taker 0.05 %, MMR 0.4 %; no slippage so every number is by hand.
const market = marketFromTape('binance', 'BTC/USDT:USDT', { pricePrecision: 2, amountPrecision: 3 });
const cfg = StrategyConfigSchema.parse({ paperVenue: { slippage: { fixedBps: 0, impactBps: 0, maxImpactBps: 0 } } });
const OPEN = Date.parse('2024-01-01T07:00:00Z');
const CLOSE = Date.parse('2024-01-02T01:00:00Z');

/** 0.5 BTC at 40 000 = 20 000 notional; 10× → margin 2 000; entry fee 20 000 × 0.0005 = 10. */
function opened(side: 'long' | 'short', liquidationPrice: string | null = null): { acct: PaperAccount; p: PaperPosition } {
  const p: PaperPosition = { positionId: `p-${side}`, signalId: 's', market, exchange: 'binance', marketType: 'perp', symbol: market.symbol, side, amount: '0.5', entryPrice: '40000', entryFee: '10', margin: '2000', openedAt: OPEN, leverage: 10, liquidationPrice, funding: '0' };
  return { acct: applyOpen(newPaperAccount('USDT', '10000'), p, dec('20000')), p };
}

function fundAll(acct: PaperAccount, id: string, side: 'long' | 'short'): PaperAccount {
  let a = acct;
  for (const t of fundingTimesBetween(OPEN, CLOSE)) a = applyFunding(a, id, t, fundingReceived(side, dec('0.5'), dec('40000'), '0.0001'));
  return a;
}

const ref = (price: number) => ({ tradeId: 'x', ts: CLOSE, price, recentVolume: '0' });

describe('paper perpetuals: funding and liquidation on the account', () => {
  it('market spec: a ccxt perp symbol is a USDT-margined perp with Binance USDⓈ-M fees and first-tier terms', () => {
    expect(market).toMatchObject({ marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', takerFee: '0.0005', makerFee: '0.0002', perp: { maintenanceMarginRate: '0.004', maintenanceAmount: '0', fundingRate: '0.0001' } });
  });

  it('a long held 07:00 → 01:00 next day crosses 3 funding times and pays 3 × 2 = 6 USDT; closed flat its P&L is −10 − 10 − 6 = −26', () => {
    const { acct } = opened('long');
    const funded = fundAll(acct, 'p-long', 'long');
    // cash: 10 000 − entry fee 10 − funding 6 = 9 984
    expect(funded.cash).toBe('9984');
    expect(funded.positions['p-long']?.funding).toBe('-6');
    const out = paperExecuteExit(funded, 'p-long', ref(40000), cfg, 'max_hold');
    expect([out?.close.funding, out?.close.fees, out?.close.net]).toEqual(['-6', '20', '-26']);
    // wallet: 9 984 + gross 0 − exit fee 10 = 9 974 = 10 000 − 26
    expect([out?.account.cash, out?.account.realizedPnl]).toEqual(['9974', '-26']);
  });

  it('the short receives the same 6: flat P&L −20 + 6 = −14', () => {
    const { acct } = opened('short');
    const out = paperExecuteExit(fundAll(acct, 'p-short', 'short'), 'p-short', ref(40000), cfg, 'max_hold');
    expect([out?.close.funding, out?.close.net]).toEqual(['6', '-14']);
  });

  it('a funding time applied twice is applied once; one at or before the open is not applied', () => {
    const { acct } = opened('long');
    const t = Date.parse('2024-01-01T08:00:00Z');
    const once = applyFunding(acct, 'p-long', t, dec(-2));
    expect(applyFunding(once, 'p-long', t, dec(-2))).toBe(once);
    expect(applyFunding(acct, 'p-long', Date.parse('2024-01-01T00:00:00Z'), dec(-2))).toBe(acct);
  });

  it('liquidation of the 10× long at 36 144.58: fills there and loses exactly margin + entry fee (2 000 + 10)', () => {
    const { acct } = opened('long', '36144.58');
    // The trigger trade gapped to 30 000; the venue's forced close is at the liquidation price, not the gap.
    const out = paperExecuteExit(acct, 'p-long', ref(30000), cfg, 'liquidation');
    // gross = 0.5 × (36 144.58 − 40 000) = −1 927.71; margin left 2 000 − 1 927.71 = 72.29 is forfeited.
    expect([out?.close.fill.price.toFixed(), out?.close.gross, out?.close.fees, out?.close.net]).toEqual(['36144.58', '-1927.71', '82.29', '-2010']);
    expect(out?.account.cash).toBe('7990');
  });
});
