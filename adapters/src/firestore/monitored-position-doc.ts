import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { z } from 'zod';
import { DecimalString } from '@cascade/core';
import { readDoc } from './stored-doc.js';

/**
 * The fields of an `active_positions/{positionId}` document that analytics' portfolio risk reads
 * (paper, live and reconciled positions all write them). Other fields are not looked at; a bad one
 * of these is a `StoredDocumentError` naming the document and the field.
 */
export const RiskPositionDocSchema = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  entryPrice: DecimalString,
  amount: DecimalString,
  openedAt: z.number(),
  /** The market the position was opened on; documents without one are counted as spot. */
  market: z.object({ marketType: z.string().optional() }).optional(),
});
export type RiskPositionDoc = z.infer<typeof RiskPositionDocSchema>;

/** What analytics' exit monitor needs of an `active_positions` document besides the above. */
export const MonitoredPositionDocSchema = RiskPositionDocSchema.extend({
  trailingStopPct: z.number(),
  maxHoldMs: z.number(),
  /** The initial stop (zone edge) while tighter than the trail; null or absent = trail only. */
  initialStopPrice: DecimalString.nullable().optional(),
  /** Perpetuals (isolated margin): where the position is liquidated; null or absent = never (spot). */
  liquidationPrice: DecimalString.nullable().optional(),
  /** Live positions: the venue's reduce-only stop (a record with a status) or why there is none (a string). */
  protectiveStop: z.union([z.object({ status: z.string() }), z.string()]).optional(),
});
export type MonitoredPositionDoc = z.infer<typeof MonitoredPositionDocSchema>;

/** An `active_positions` document as the exit monitor reads it; null when the position is gone. */
export function readMonitoredPositionDoc(snap: DocumentSnapshot): MonitoredPositionDoc | null {
  return readDoc(MonitoredPositionDocSchema, snap);
}

/** Does the venue hold a stop for this position that should follow the trailing stop? (A record, not a reason why not.) */
export function holdsExchangeStop(doc: MonitoredPositionDoc): boolean {
  const s = doc.protectiveStop;
  return typeof s === 'object' && s.status !== 'unsupported' && s.status !== 'released';
}

/** An `active_positions` document as portfolio risk reads it; null when the position is gone. */
export function readRiskPositionDoc(snap: DocumentSnapshot): RiskPositionDoc | null {
  return readDoc(RiskPositionDocSchema, snap);
}
