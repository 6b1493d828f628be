import {
  CloseReason,
  type ClosePositionAction,
  type Clock,
  type ExitRequested,
  type MessageOf,
  type NotifyAction,
  type RiskEvent,
  Severity,
  type SystemError,
  Topic,
  derivedId,
  exitEventId,
} from '@cascade/core';
import type { RiskLedger } from './risk-ledger.js';
import type { RiskCounters, RiskPublish } from './risk-ports.js';

/**
 * What risk says on the bus: `exit.requested` (reason `risk`) on exits.requested for each position it
 * closes, and `system.error` on trading.events for warnings, critical alerts and forced exits
 * (component = the risk event). A failed publish is counted and logged, never thrown: the manager
 * asks for a lost exit again after closeRetryMs.
 */
export class RiskExitRequests {
  constructor(
    private readonly ports: { readonly publish: RiskPublish; readonly clock: Clock; readonly log: (line: string) => void },
    private readonly ledger: RiskLedger,
    private readonly counters: RiskCounters,
  ) {}

  /** False when nothing could be asked for (no trade of the symbol and no entry price known). */
  async requestExit(a: ClosePositionAction, now: number): Promise<boolean> {
    const m = this.exitMessage(a, now);
    if (!m) return false;
    this.ports.log(`close ${a.positionId} ${a.symbol}${a.retry ? ' (again)' : ''}: ${a.reason}: ${a.detail}`);
    if (await this.send(Topic.ExitsRequested, m)) this.counters.riskExits += 1;
    return true;
  }

  async notify(a: NotifyAction, now: number): Promise<void> {
    if (a.severity === Severity.Info) {
      this.ports.log(`${a.event}: ${a.detail}`);
      return;
    }
    const error = `${a.detail}${describeValues(a.values)}`;
    await this.systemError(a.event, error, a.severity === Severity.Critical, derivedId('risk', a.event, String(now), a.detail), now);
  }

  /** Closes no episode notification covers (dumps, max hold): one message per event and batch. */
  async notifyForced(event: RiskEvent, closes: readonly ClosePositionAction[], now: number): Promise<void> {
    const what = closes.map((c) => `${c.symbol} ${c.positionId} (${c.reason}: ${c.detail})`).join('; ');
    const error = `force exit of ${closes.length} position${closes.length === 1 ? '' : 's'}: ${what}`;
    // Max hold and the forex Friday close are scheduled housekeeping; every other forced close is money at risk.
    const critical = closes.some((c) => c.reason !== CloseReason.MaxHold && c.reason !== CloseReason.ForexSessionClose);
    await this.systemError(event, error, critical, derivedId('risk', event, String(now), ...closes.map((c) => c.positionId)), now);
  }

  private exitMessage(a: ClosePositionAction, now: number): ExitRequested | null {
    const l = this.ledger.lastTrade(a.symbol);
    const pos = this.ledger.position(a.positionId);
    // The paper venue fills at the trigger: the symbol's last trade, or the entry when none was seen yet.
    const trigger = l ? { tradeId: l.id, ts: l.ts, price: l.price } : pos ? { tradeId: `risk-${now}`, ts: now, price: pos.entry.toNumber() } : null;
    if (!trigger) {
      this.ports.log(`cannot close ${a.positionId}: no trade of ${a.symbol} and no entry price known`);
      return null;
    }
    const values: Record<string, number | string | null> = { ...finite(a.values), riskReason: a.reason, riskEvent: a.event };
    if (a.signals) values.signals = a.signals.map((s) => `${s.signal}/${s.rule}`).join(',');
    return {
      type: 'exit.requested',
      // The monitor's id for the same position: one exit request id, one closing order, whoever asks.
      eventId: exitEventId(a.positionId),
      tsEvent: Math.max(0, Math.round(now)),
      tsInit: this.ports.clock.now(),
      correlationId: a.positionId,
      causationId: null,
      payload: { positionId: a.positionId, symbol: a.symbol, reason: 'risk', detail: `${a.reason}: ${a.detail}`, values, trigger, fillReference: null },
    };
  }

  private async systemError(component: string, error: string, critical: boolean, eventId: string, now: number): Promise<void> {
    const m: SystemError = { type: 'system.error', eventId, tsEvent: Math.max(0, Math.round(now)), tsInit: this.ports.clock.now(), correlationId: eventId, causationId: null, payload: { component, error, critical } };
    if (await this.send(Topic.TradingEvents, m)) this.counters.notifications += 1;
  }

  private async send<T extends Topic>(topic: T, m: MessageOf<T>): Promise<boolean> {
    try {
      await this.ports.publish(topic, m);
      return true;
    } catch (e) {
      // A lost exit request is asked for again by the manager after closeRetryMs.
      this.counters.publishErrors += 1;
      this.ports.log(`publish to ${topic} failed: ${(e as Error).message}`);
      return false;
    }
  }
}

/** The bus schema takes finite numbers only (JSON has no NaN/∞). */
function finite(v: Readonly<Record<string, number | string | null>>): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'number' && !Number.isFinite(x) ? null : x;
  return out;
}

function describeValues(v: Readonly<Record<string, number | string | null>>): string {
  const parts = Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'number' ? Number(x.toPrecision(6)) : String(x)}`);
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}
