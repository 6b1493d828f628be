import { describe, expect, it } from 'vitest';
import { type Dec, dec } from '../../execution/money.js';
import { closedPnl } from '../../execution/closed-pnl.js';
import { SeededRandom } from '../../faults/random.js';
import type { MarketSpec } from '../../model/market.js';
import { moduleEquity } from './module-equity.js';
import { sizePosition } from './position-size.js';
import { defaultRiskSizing } from './risk-sizing-config.js';

/**
 * 10 000 round trips of awkward decimals through sizing and P&L, checked against an independent
 * computation in scaled BigInt integers written here. Units:
 *   price  P  in 10⁻⁵ (price precision 5)     amount q in 10⁻³ (amount precision 3)
 *   fee rate f = 55 · 10⁻⁵ (0.055 %)          balance B in 10⁻¹³ (fee = P·q·f has 5 + 3 + 5 places)
 * Sizing with the defaults (2 % risk, 10 % margin per position, 50 % buffer), 3×, allocation 0.35,
 * account equity B, margin already used u % of B and available k % of B (other positions, drawn per
 * trade so every cap gets to bind); each cap is a ratio of integers, floored:
 *   risk     q·10³ ≤ B/10¹³ · 35/100 · 2/100 / (s · P/10⁵)     with stop s = sn/sd
 *   position q·10³ ≤ B/10¹³ · 35/100 · 1/10 · 3 / (P/10⁵)
 *   buffer   q·10³ ≤ B/10¹³ · (50 − u)/100 · 3 / (P/10⁵)          (0 when u ≥ 50)
 *   balance  q·10³ ≤ B/10¹³ · k/100 · 3 / (P/10⁵ · (1 + 3 · 55/10⁵))
 * P&L in 10⁻¹³: gross = ±(X − P)·q·10⁵ (10⁻⁵ · 10⁻³ = 10⁻⁸), fees = (P + X)·q·55.
 */
const market: MarketSpec = { exchange: 'bybit', marketType: 'perp', symbol: 'ODD/USDT:USDT', base: 'ODD', quote: 'USDT', pricePrecision: 5, amountPrecision: 3, takerFee: '0.00055', makerFee: '0.0002', minNotional: '5' };
const STOPS: readonly [number, bigint, bigint][] = [
  [0.0037, 37n, 10_000n],
  [0.005, 5n, 1_000n],
  [0.0123, 123n, 10_000n],
  [0.001, 1n, 1_000n],
  [0.0812, 812n, 10_000n],
  [0.1234, 1234n, 10_000n],
];
const E13 = 10n ** 13n;
const E5 = 10n ** 5n;
const E3 = 10n ** 3n;

const minBig = (...xs: bigint[]): bigint => xs.reduce((a, b) => (b < a ? b : a));

function refQty(B: bigint, P: bigint, sn: bigint, sd: bigint, u: bigint, k: bigint): [bigint, string] {
  const caps: [bigint, string][] = [
    [(B * 35n * 2n * E3 * sd * E5) / (E13 * 100n * 100n * sn * P), 'risk'],
    [(B * 35n * 3n * E3 * E5) / (E13 * 100n * 10n * P), 'position_margin'],
    [u >= 50n ? 0n : (B * (50n - u) * 3n * E3 * E5) / (E13 * 100n * P), 'margin_buffer'],
    [(B * k * 3n * E3 * E5 * E5) / (E13 * 100n * P * 100_165n), 'balance'],
  ];
  const q = minBig(...caps.map((c) => c[0]));
  return [q, caps.find((c) => c[0] === q)?.[1] ?? ''];
}

/** A 10⁻³-scaled integer as a decimal string with 3 places. */
const fmt3 = (v: bigint): string => `${v / E3}.${(v % E3).toString().padStart(3, '0')}`;

/** A 10⁻¹³-scaled integer as a decimal string with 13 places. */
function fmt13(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / E13}.${(a % E13).toString().padStart(13, '0')}`;
}

describe('sizing and P&L stay exact over 10 000 trades', () => {
  it('matches a BigInt integer computation to the last of 13 places, where doubles drift', () => {
    const rnd = new SeededRandom(20_240_601);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd.next() * (hi - lo + 1));
    let balance: Dec = dec('10000.123456789');
    let B = 10_000_123_456_789n * 10n ** 4n;
    let floatBalance = 10_000.123456789;
    let traded = 0;
    const bounds = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const Pn = int(10_000, 9_999_999); // 0.10000 … 99.99999
      const [stopPct, sn, sd] = STOPS[int(0, STOPS.length - 1)] as [number, bigint, bigint];
      const side = rnd.next() < 0.5 ? 'long' : 'short';
      const Xn = Math.max(1, Pn + int(-Math.floor(Pn / 50), Math.floor(Pn / 50)));
      const P = BigInt(Pn);
      const X = BigInt(Xn);
      const u = int(0, 55);
      const k = int(1, 20);
      const used = balance.times(u).div(100);
      const available = balance.times(k).div(100);

      const [q, bound] = refQty(B, P, sn, sd, BigInt(u), BigInt(k));
      const r = sizePosition({
        market,
        side,
        entryPrice: dec(Pn).div(1e5),
        stopDistancePct: stopPct,
        moduleEquity: moduleEquity(balance, 0.35),
        account: { equity: balance, available, usedMargin: used },
        leverage: 3,
        config: defaultRiskSizing,
      });
      if (q === 0n || q * P < 5n * 10n ** 8n) {
        // below one lot or the 5 USDT minimum: the chain would refuse; both sides skip
        if (r.ok) expect(r.size.notional.lt(5)).toBe(true);
        continue;
      }
      if (!r.ok) throw new Error(`trade ${i}: sizing refused (${r.reason}) where the reference sized ${q}`);
      expect(r.size.amount.toFixed(3)).toBe(fmt3(q));
      expect(r.size.bound).toBe(bound);
      bounds.set(bound, (bounds.get(bound) ?? 0) + 1);

      const entry = dec(Pn).div(1e5);
      const exit = dec(Xn).div(1e5);
      const amount = r.size.amount;
      const entryFee = entry.times(amount).times(market.takerFee);
      const exitFee = exit.times(amount).times(market.takerFee);
      const pnl = closedPnl(side, entry, exit, amount, entryFee, exitFee);
      balance = balance.plus(pnl.net);

      const gross = (side === 'long' ? X - P : P - X) * q * E5;
      const fees = (P + X) * q * 55n;
      B += gross - fees;
      traded += 1;

      const qf = Number(q) / 1e3;
      floatBalance += (side === 'long' ? Xn / 1e5 - Pn / 1e5 : Pn / 1e5 - Xn / 1e5) * qf - (Pn / 1e5) * qf * 0.00055 - (Xn / 1e5) * qf * 0.00055;

      if (i % 500 === 0) expect(balance.toFixed(13)).toBe(fmt13(B));
    }
    expect(traded).toBeGreaterThan(8_000);
    expect([...bounds.keys()].sort()).toEqual(['balance', 'margin_buffer', 'position_margin', 'risk']);
    expect(balance.toFixed(13)).toBe(fmt13(B));
    // the same trades in doubles do not land on the exact balance: the comparison above has teeth
    expect(floatBalance.toFixed(13)).not.toBe(fmt13(B));
  });
});
