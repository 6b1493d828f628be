import { z } from 'zod';

/** §2.7.1.1 "Never: >10x leverage (our hard limit)": no config can go above it. */
export const HARD_MAX_LEVERAGE = 10;

const overCap = (field: string): string => `${field} above ${HARD_MAX_LEVERAGE}× is refused: ${HARD_MAX_LEVERAGE}× is Cascade's hard limit (spec §2.7.1.1); set ${field} to ${HARD_MAX_LEVERAGE} or less`;

/**
 * Position sizing and leverage (§2.2.3, §2.7.1.1). Fractions, as elsewhere in config (0.02 = 2 %).
 * Defaults are the document's numbers where it gives them; the section is noted per field.
 */
export const RiskSizingSchema = z
  .strictObject({
    /** §2.2.3 "max 2% per position", §2.7.1.1 "2% account risk": loss at the stop, of module equity. */
    riskPerTradePct: z.number().gt(0).max(0.02).default(0.02),
    /**
     * Margin one position may post, of module equity (on spot the margin is the whole notional).
     * 0.1 = (1 − 50 % buffer) / 5 positions (§2.2.4 "4/5 positions"): five full positions still
     * leave the §2.7.1.1 buffer, so the buffer does not starve the fifth.
     */
    maxPositionMarginPct: z.number().gt(0).max(1).default(0.1),
    /** §2.7.1.1 "Regular Trading: 3-5x leverage (conservative)". */
    defaultLeverage: z.number().min(1).max(HARD_MAX_LEVERAGE, { error: overCap('defaultLeverage') }).default(3),
    /** §2.7.1.1 "High Conviction: 10x leverage (rare)"; a value above 10 is refused. */
    maxLeverage: z.number().min(1).max(HARD_MAX_LEVERAGE, { error: overCap('maxLeverage') }).default(HARD_MAX_LEVERAGE),
    /** §2.7.1.1 "Always maintain 50%+ margin buffer": free equity after posting margin; only raisable. */
    minMarginBufferPct: z.number().min(0.5).max(0.95).default(0.5),
    /** §2.7.1.1 "If margin < 30%, reduce position size". */
    reduceMarginBufferPct: z.number().min(0).max(0.5).default(0.3),
  })
  .refine((c) => c.defaultLeverage <= c.maxLeverage, { message: 'defaultLeverage must be ≤ maxLeverage', path: ['defaultLeverage'] })
  .refine((c) => c.reduceMarginBufferPct < c.minMarginBufferPct, { message: 'reduceMarginBufferPct must be < minMarginBufferPct', path: ['reduceMarginBufferPct'] });
export type RiskSizing = z.infer<typeof RiskSizingSchema>;

export const defaultRiskSizing: RiskSizing = RiskSizingSchema.parse({});
