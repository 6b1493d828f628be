import { type Dec, DecimalString, type RiskPosition, type Trade, dec, unrealizedPnl } from '@cascade/core';

/** A symbol's newest trade: what positions are marked at, and what a risk exit fills at. */
export interface LastTrade {
  id: string;
  ts: number;
  price: number;
}

/**
 * The paper ledger as the risk manager sees it: starting equity, realized P&L per UTC day, the
 * positions open (per the ledger and position.opened since) and each symbol's last trade.
 *
 * Paper equity = starting equity + realized P&L of every day read + unrealized P&L of the open
 * positions, each marked at its symbol's last trade (a position without a trade yet adds nothing).
 */
export class RiskLedger {
  private readonly last = new Map<string, LastTrade>();
  private readonly open = new Map<string, RiskPosition>();
  private readonly realized = new Map<string, Dec>();
  private realizedTotal: Dec = dec(0);

  constructor(
    private readonly start: Dec,
    private readonly log: (line: string) => void,
  ) {}

  markTrade(symbol: string, t: Trade): void {
    const l = this.last.get(symbol);
    if (!l) this.last.set(symbol, { id: t.id, ts: t.ts, price: t.price });
    else {
      l.id = t.id;
      l.ts = t.ts;
      l.price = t.price;
    }
  }

  lastTrade(symbol: string): LastTrade | undefined {
    return this.last.get(symbol);
  }

  has(positionId: string): boolean {
    return this.open.has(positionId);
  }

  position(positionId: string): RiskPosition | undefined {
    return this.open.get(positionId);
  }

  /** A position already held keeps its first record (a redelivered position.opened changes nothing). */
  add(p: RiskPosition): void {
    if (!this.open.has(p.positionId)) this.open.set(p.positionId, p);
  }

  remove(positionId: string): void {
    this.open.delete(positionId);
  }

  openIds(): string[] {
    return [...this.open.keys()];
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Realized P&L of the days read (others keep their last value); a value that is not a decimal is logged and ignored. */
  setRealized(days: Readonly<Record<string, string>>): void {
    for (const [day, v] of Object.entries(days)) {
      const parsed = DecimalString.safeParse(v);
      if (parsed.success) this.realized.set(day, dec(parsed.data));
      else this.log(`portfolio/${day}: realizedPnl ${JSON.stringify(v)} is not a decimal; ignored`);
    }
    let total = dec(0);
    for (const v of this.realized.values()) total = total.plus(v);
    this.realizedTotal = total;
  }

  equity(): Dec {
    let e = this.start.plus(this.realizedTotal);
    for (const p of this.open.values()) {
      const l = this.last.get(p.symbol);
      if (l) e = e.plus(unrealizedPnl(p, dec(l.price)));
    }
    return e;
  }
}
