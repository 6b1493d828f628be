import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';
import type { NotifiableEvent } from './notifiable-event.js';

/**
 * What a digest keeps of one event: stored on its `notifications` document when it is queued or
 * throttled, read back (and validated) by the digest run.
 */
export const DigestEntrySchema = z.strictObject({
  eventId: z.string(),
  eventType: z.string(),
  /** The event's tsEvent, UTC ms. */
  occurredAt: z.number().int().nonnegative(),
  /** One line that reads on a phone. */
  line: z.string(),
  /** Realized P&L of a close, net of fees, and its currency; null for other events. */
  pnl: DecimalString.nullable(),
  pnlCurrency: z.string().nullable(),
});
export type DigestEntry = z.infer<typeof DigestEntrySchema>;

/** The quote currency of a ccxt symbol: `BTC/USDT` → USDT, `BTC/USDT:USDT` → USDT. */
function quoteOf(symbol: string): string | null {
  const q = symbol.split('/')[1];
  return q ? (q.split(':')[0] ?? null) : null;
}

export function digestEntryOf(e: NotifiableEvent): DigestEntry {
  const base = { eventId: e.eventId, eventType: e.type, occurredAt: e.tsEvent, pnl: null, pnlCurrency: null };
  switch (e.type) {
    case 'order.filled': {
      const p = e.payload;
      return { ...base, line: `${p.venue === 'paper' ? 'Paper fill' : 'Fill'} ${p.side.toUpperCase()} ${p.amount} ${p.symbol} @ ${p.price} (${p.intent})` };
    }
    case 'position.closed': {
      const p = e.payload;
      const sign = p.pnl.startsWith('-') ? '' : '+';
      return { ...base, line: `Closed ${p.side} ${p.symbol} ${p.entryPrice} → ${p.exitPrice}: ${sign}${p.pnl} (${p.pnlPct.toFixed(2)} %), ${p.reason}`, pnl: p.pnl, pnlCurrency: quoteOf(p.symbol) };
    }
    case 'order.rejected':
      return { ...base, line: `Order refused for ${e.payload.symbol} by ${e.payload.handler}: ${e.payload.reason}` };
    case 'system.error':
      return { ...base, line: `Error in ${e.payload.component}: ${e.payload.error}` };
    case 'config.rejected':
      return { ...base, line: `Config edit refused: ${e.payload.path} (${e.payload.errors.map((x) => x.path).join(', ')})` };
    case 'reconciliation.resolved':
      return { ...base, line: `Reconciled ${e.payload.symbol} on ${e.payload.venue}: ${e.payload.kind} — ${e.payload.action}` };
  }
}
