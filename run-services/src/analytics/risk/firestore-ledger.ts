import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { MarketType, type RiskPositionInput, RiskPositionSchema, RiskStrategy } from '@cascade/core';
import { PortfolioDaySchema, readField, readRiskPositionDoc } from '@cascade/adapters/firestore';
import type { LedgerPort } from './risk-ports.js';

/** `portfolio/{day}.realizedPnl` as its writers store it (absent = nothing realized that day). */
const RealizedPnlField = PortfolioDaySchema.shape.realizedPnl.optional();

/**
 * `portfolio/{day}` (realized P&L, written by every paper close) and `active_positions`, read in one
 * read-only transaction: a close commits both together, so the snapshot never counts a loss twice
 * (realized and still open) nor not at all. A document that does not parse is logged with the field
 * that is wrong and left out (a day's realized P&L then counts as 0); the rest of the ledger still counts.
 */
export function firestoreLedger(db: Firestore, log: (line: string) => void = (l) => console.warn(`analytics/risk: ${l}`)): LedgerPort {
  const realizedOf = (d: DocumentSnapshot): string | undefined => {
    try {
      return readField(RealizedPnlField, d, 'realizedPnl');
    } catch (e) {
      log(`${(e as Error).message}; its realized P&L is left out of equity`);
      return undefined;
    }
  };
  return {
    read: (day) =>
      db.runTransaction(
        async (tx) => {
          const realized: Record<string, string> = {};
          if (day === null) {
            for (const d of (await tx.get(db.collection('portfolio'))).docs) {
              const v = realizedOf(d);
              if (v !== undefined) realized[d.id] = v;
            }
          } else {
            const d = await tx.get(db.collection('portfolio').doc(day));
            realized[day] = (d.exists ? realizedOf(d) : undefined) ?? '0';
          }
          const open: RiskPositionInput[] = [];
          for (const d of (await tx.get(db.collection('active_positions'))).docs) {
            const parsed = riskPositionOf(d);
            if (parsed.ok) open.push(parsed.position);
            else log(`active_positions/${d.id} not understood, left out of equity: ${parsed.error}`);
          }
          return { realized, open };
        },
        { readOnly: true },
      ),
  };
}

function riskPositionOf(d: DocumentSnapshot): { ok: true; position: RiskPositionInput } | { ok: false; error: string } {
  let doc;
  try {
    doc = readRiskPositionDoc(d);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (doc === null) return { ok: false, error: 'the document does not exist' };
  const parsed = RiskPositionSchema.safeParse({
    positionId: d.id,
    symbol: doc.symbol,
    marketType: doc.market?.marketType ?? MarketType.Spot,
    strategy: RiskStrategy.OrderflowScalp,
    side: doc.side,
    entryPrice: doc.entryPrice,
    amount: doc.amount,
    openedAt: doc.openedAt,
  });
  return parsed.success ? { ok: true, position: parsed.data } : { ok: false, error: parsed.error.message };
}
