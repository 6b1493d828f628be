import { z } from 'zod';
import type { ValueOf } from '../../util/value-of.js';
import { envelopeSchema } from '../envelope.js';
import { DecimalString } from '../decimal-string.js';

/** §12.2's discrepancy kinds, plus the order-side ones the exactly-once path can leave behind. */
export const ReconciliationKind = {
  /** §12.2 missing_on_exchange: closed on the venue (stop hit, manual close, liquidation). */
  ClosedOnVenue: 'closed_on_venue',
  /** §12.2 missing_in_firestore: a venue position we did not know, imported. */
  Adopted: 'adopted',
  /** §12.2 quantity_mismatch: the venue's amount is the truth. */
  QuantityMismatch: 'quantity_mismatch',
  /** An order left `submitting` or `open` by a crash or timeout, settled from the venue's record. */
  OrderRecovered: 'order_recovered',
  /** A protective stop of a position that no longer exists, still resting on the venue: cancelled. */
  StaleStopCanceled: 'stale_stop_canceled',
} as const;
export type ReconciliationKind = ValueOf<typeof ReconciliationKind>;

const PositionState = z.strictObject({
  side: z.enum(['long', 'short']),
  amount: DecimalString,
  entryPrice: DecimalString,
});

/**
 * Reconciliation changed local state to match the venue (§12.2: the venue is the source of truth).
 * The event id derives from the reconciliation id, which derives from the discrepancy itself, so a
 * second run over the same state re-derives it and finds it already resolved.
 */
export const ReconciliationResolved = envelopeSchema(
  'reconciliation.resolved',
  z.strictObject({
    reconciliationId: z.string(),
    /** `VenuePort.id` the comparison ran against. */
    venue: z.string(),
    kind: z.enum(Object.values(ReconciliationKind) as [ReconciliationKind, ...ReconciliationKind[]]),
    symbol: z.string(),
    positionId: z.string().nullable(),
    clientOrderId: z.string().nullable(),
    /** What was done, for the email: "closed locally at 101.2", "adopted and protected", … */
    action: z.string(),
    /** Recorded on the position/trade as its reason: `reconciled_closed_on_venue`, `reconciled_adopted`, … */
    reason: z.string(),
    /** Our record before, the venue's after; null where one side had nothing. */
    local: PositionState.nullable(),
    onVenue: PositionState.nullable(),
    /** Net P&L booked by this resolution (quote currency); null when none or unknown. */
    pnl: DecimalString.nullable(),
  }),
);
export type ReconciliationResolved = z.infer<typeof ReconciliationResolved>;
