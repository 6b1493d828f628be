import { describe, expect, it } from 'vitest';
import { ManualClock, PortfolioRiskManager, type RiskState, RiskStateSchema } from '@cascade/core';
import { riskGateVerdict, riskStateRead } from './risk-gate.js';

const T0 = Date.UTC(2024, 2, 6, 10, 0); // Wednesday
const H = 3_600_000;
/** The function's wall clock in these tests; states are written at it (fresh). */
const NOW = Date.UTC(2024, 2, 6, 18, 0);
const AGE = 30_000;

/** States made by the real manager, stored and read back as execute-signal would. */
function stateAfter(equities: readonly string[], at = T0): RiskState {
  const m = new PortfolioRiskManager(new ManualClock(at), { healthScore: { enabled: false } });
  equities.forEach((e, i) => m.onEquity(e, at + i * H));
  return RiskStateSchema.parse(JSON.parse(JSON.stringify({ ...m.state(at + equities.length * H), writtenAt: NOW })));
}

describe('riskGateVerdict', () => {
  it('allows a fresh state at a normal drawdown', () => {
    expect(riskGateVerdict({ ok: true, state: stateAfter(['10000', '9900']) }, 'perp', NOW, AGE)).toEqual({ allowed: true });
  });

  it('fails closed: no risk state refuses (risk_state_missing)', () => {
    expect(riskGateVerdict({ ok: true, state: null }, 'spot', NOW, AGE)).toMatchObject({ allowed: false, reason: 'risk_state_missing' });
  });

  it('fails closed: a state written 30.001 s ago refuses, 30 s ago allows; one without writtenAt refuses', () => {
    const s = stateAfter(['10000', '9900']);
    expect(riskGateVerdict({ ok: true, state: s }, 'spot', NOW + 30_000, AGE).allowed).toBe(true);
    const v = riskGateVerdict({ ok: true, state: s }, 'spot', NOW + 30_001, AGE);
    expect(v).toMatchObject({ allowed: false, reason: 'risk_state_stale', numbers: { writtenAt: NOW, maxAgeMs: 30_000 } });
    if (!v.allowed) expect(v.detail).toBe('risk_state/current was last written 30 s ago (limit 30 s): is the analytics risk service running?');
    const { writtenAt: _w, ...old } = s;
    expect(riskGateVerdict({ ok: true, state: old }, 'spot', NOW, AGE)).toMatchObject({ allowed: false, reason: 'risk_state_stale' });
  });

  it('refuses every market once the breaker has tripped (10,000 → 9,450 = 5.5 %), naming it and the numbers', () => {
    const v = riskGateVerdict({ ok: true, state: stateAfter(['10000', '9450']) }, 'spot', NOW, AGE);
    expect(v).toMatchObject({ allowed: false, reason: 'circuit_breaker', numbers: { drawdownPct: 0.055, drawdownLevel: 'circuit_breaker', breakerResetsAt: Date.UTC(2024, 2, 7) } });
    if (!v.allowed) expect(v.detail).toContain('circuit breaker tripped at daily drawdown 5.50 %, until 2024-03-07T00:00:00.000Z');
  });

  it('refuses at critical drawdown (4.2 %) and lets entries through again when it eases to 3.5 %', () => {
    expect(riskGateVerdict({ ok: true, state: stateAfter(['100000', '95800']) }, 'spot', NOW, AGE)).toMatchObject({ allowed: false, reason: 'drawdown_critical' });
    expect(riskGateVerdict({ ok: true, state: stateAfter(['100000', '95800', '96500']) }, 'spot', NOW, AGE).allowed).toBe(true);
  });

  it('refuses forex only while the forex session is closed (Friday 23:30 GMT → Monday)', () => {
    const fri = Date.UTC(2024, 2, 8, 23, 45);
    const m = new PortfolioRiskManager(new ManualClock(fri), { healthScore: { enabled: false } });
    m.tick(fri);
    const s = RiskStateSchema.parse(JSON.parse(JSON.stringify({ ...m.state(fri), writtenAt: NOW })));
    expect(riskGateVerdict({ ok: true, state: s }, 'forex', NOW, AGE)).toMatchObject({ allowed: false, reason: 'forex_session_closed', numbers: { forexReopensAt: Date.UTC(2024, 2, 11) } });
    expect(riskGateVerdict({ ok: true, state: s }, 'spot', NOW, AGE).allowed).toBe(true);
  });

  it('fails closed on a document that is not a risk state', () => {
    expect(riskGateVerdict({ ok: false, error: 'entries: Required' }, 'spot', NOW, AGE)).toMatchObject({ allowed: false, reason: 'risk_state_invalid' });
  });
});

describe('riskStateRead', () => {
  it('reads no document as no state (the gate then refuses) and a valid one as it is', () => {
    expect(riskStateRead(false, undefined)).toEqual({ ok: true, state: null });
    const s = stateAfter(['10000', '9900']);
    expect(riskStateRead(true, JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, state: s });
  });

  it('names every corrupted field by its path, and the gate then refuses (fails closed)', () => {
    const s = JSON.parse(JSON.stringify(stateAfter(['10000', '9900'])));
    // Hand edits: a drawdown level that does not exist, and the health score as a string.
    const read = riskStateRead(true, { ...s, drawdown: { ...s.drawdown, level: 'sideways' }, health: { ...s.health, score: '71' } });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.split('; ').map((x) => x.slice(0, x.indexOf(':'))).sort()).toEqual(['drawdown.level', 'health.score']);
    const v = riskGateVerdict(read, 'spot', NOW, AGE);
    expect(v).toMatchObject({ allowed: false, reason: 'risk_state_invalid' });
    if (!v.allowed) expect(v.detail).toBe(`risk_state/current is not a valid risk state: ${read.error}`);
  });

  it('names the document itself when it is not an object', () => {
    expect(riskStateRead(true, 'tripped')).toMatchObject({ ok: false, error: expect.stringMatching(/^\(document\): /) });
  });
});
