import { describe, expect, it } from 'vitest';
import { type RiskState, RiskStateSchema } from '@cascade/core';
import { resetForNewDay } from './drawdown-reset.js';

const MIDNIGHT = Date.UTC(2024, 2, 6);
const tripped: RiskState = RiskStateSchema.parse({
  updatedAt: MIDNIGHT - 60_000,
  health: { score: 80, band: 'healthy', evaluatedAt: MIDNIGHT - 60_000, factors: null },
  drawdown: { day: '2024-03-05', level: 'critical', pct: 0.055, dayStartEquity: '10000', equity: '9450', resetsAt: MIDNIGHT },
  entries: { blocked: true, reason: 'circuit_breaker', reasons: ['circuit_breaker', 'drawdown_critical'], forexClosed: false, forexReopensAt: null },
  breaker: { tripped: true, trippedAt: MIDNIGHT - 3_600_000, drawdownPct: 0.055, resetsAt: MIDNIGHT },
  leaders: [],
  positions: { open: 0, closing: [] },
});

describe('drawdown / breaker reset at midnight UTC', () => {
  it('releases a breaker latched yesterday and starts the day from the last equity', () => {
    const next = resetForNewDay(tripped, MIDNIGHT)!;
    expect(next.breaker).toEqual({ tripped: false, trippedAt: null, drawdownPct: null, resetsAt: null });
    expect(next.entries).toMatchObject({ blocked: false, reason: null, reasons: [] });
    // The new day's start is yesterday's last equity (9,450), so the 5.5 % loss does not carry over.
    expect(next.drawdown).toEqual({ day: '2024-03-06', level: 'normal', pct: 0, dayStartEquity: '9450', equity: '9450', resetsAt: MIDNIGHT + 86_400_000 });
    expect(RiskStateSchema.safeParse(next).success).toBe(true);
  });

  it('keeps blocks that are not daily (health caution) and does nothing twice', () => {
    const s = { ...tripped, entries: { ...tripped.entries, reasons: ['circuit_breaker', 'health_caution'] as RiskState['entries']['reasons'] } };
    const next = resetForNewDay(s, MIDNIGHT)!;
    expect(next.entries).toMatchObject({ blocked: true, reason: 'health_caution', reasons: ['health_caution'] });
    expect(resetForNewDay(next, MIDNIGHT + 1_000)).toBeNull();
  });

  it('does not release a breaker tripped today before its reset time', () => {
    const today = { ...tripped, drawdown: { ...tripped.drawdown, day: '2024-03-06', resetsAt: MIDNIGHT + 86_400_000 }, breaker: { ...tripped.breaker, resetsAt: MIDNIGHT + 86_400_000 } };
    expect(resetForNewDay(today, MIDNIGHT + 3_600_000)).toBeNull();
  });
});
