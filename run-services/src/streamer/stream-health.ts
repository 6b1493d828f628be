import { z } from 'zod';
import { type Clock, type SystemError, type ValueOf, CriticalComponent, derivedId } from '@cascade/core';
import type { GapFillReport, TradeCursor } from '@cascade/adapters/venues/ccxt';

export const StreamState = {
  /** Before the first result of the first `watchTrades`. */
  Connecting: 'connecting',
  Live: 'live',
  /** A watch failed or the socket dropped; waiting out the backoff or the first trade of the new socket. */
  Reconnecting: 'reconnecting',
  /** Publishing the trades missed while disconnected, from REST. */
  Filling: 'filling',
  Stopped: 'stopped',
} as const;
export type StreamState = ValueOf<typeof StreamState>;

/** One symbol's stream as `/status` shows it. Times are epoch ms. */
export interface SymbolHealth {
  readonly symbol: string;
  readonly state: StreamState;
  /** Venue time of the last trade delivered. */
  readonly lastTradeTs: number | null;
  /** Our clock when it was delivered. */
  readonly lastTradeAt: number | null;
  /** Outages the stream came back from. */
  readonly reconnects: number;
  /** Failed `watchTrades` calls (socket drops and failed reconnects). */
  readonly failures: number;
  /** Trades published from REST to close gaps. */
  readonly gapFilledTrades: number;
  /** Gaps left wholly or partly open. */
  readonly gapsOpen: number;
  /** Start of the current outage; null while connected. */
  readonly disconnectedSince: number | null;
  readonly lastError: string | null;
}

export const StreamHealthConfigSchema = z.strictObject({
  /** A symbol without a working stream this long raises one critical data_connection alert per outage. */
  connectionLostAfterMs: z.number().int().min(0).max(3_600_000).default(30_000),
});
export type StreamHealthConfig = z.infer<typeof StreamHealthConfigSchema>;

export const DataAlertKind = {
  ConnectionLost: 'connection_lost',
  GapOpen: 'gap_open',
} as const;
export type DataAlertKind = ValueOf<typeof DataAlertKind>;

/** What the streamer tells operators; `systemErrorOf` makes it a `system.error`. */
export type DataConnectionAlert =
  | {
      readonly kind: typeof DataAlertKind.ConnectionLost;
      readonly exchange: string;
      readonly symbol: string;
      readonly since: number;
      readonly at: number;
      readonly failures: number;
      readonly lastError: string | null;
    }
  | {
      readonly kind: typeof DataAlertKind.GapOpen;
      readonly exchange: string;
      readonly symbol: string;
      readonly at: number;
      /** The last trade delivered before the gap and the stream trade after it. */
      readonly from: TradeCursor;
      readonly until: TradeCursor;
      /** The fill that stopped short; null when there was no REST history to fill from. */
      readonly report: GapFillReport | null;
      /** The trades around the gap and why it stayed open. */
      readonly text: string;
    };

interface Entry {
  state: StreamState;
  lastTradeTs: number | null;
  lastTradeAt: number | null;
  reconnects: number;
  failures: number;
  gapFilledTrades: number;
  gapsOpen: number;
  disconnectedSince: number | null;
  lastError: string | null;
  /** The current outage was alerted. */
  alerted: boolean;
}

/**
 * Per-symbol health of the live streams: state, last trade, reconnects, gap fills, and the
 * connection-lost alert (once per outage, however many reconnects fail in it). Time comes from the
 * Clock port; `check` is called after every failed reconnect and on a timer by the streamer.
 */
export class StreamHealth {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly exchange: string,
    private readonly config: StreamHealthConfig,
    private readonly clock: Clock,
  ) {}

  begin(symbol: string): void {
    this.entries.set(symbol, {
      state: StreamState.Connecting, lastTradeTs: null, lastTradeAt: null, reconnects: 0, failures: 0,
      gapFilledTrades: 0, gapsOpen: 0, disconnectedSince: null, lastError: null, alerted: false,
    });
  }

  /** A watch failed: the outage starts now unless one is already running. */
  failed(symbol: string, error: unknown): void {
    const e = this.entry(symbol);
    e.failures += 1;
    e.lastError = describeError(error);
    e.state = StreamState.Reconnecting;
    e.disconnectedSince ??= this.clock.now();
  }

  filling(symbol: string): void {
    this.entry(symbol).state = StreamState.Filling;
  }

  /** The stream delivers again; ends the outage, if there was one. */
  live(symbol: string): void {
    const e = this.entry(symbol);
    if (e.disconnectedSince !== null) {
      e.reconnects += 1;
      e.disconnectedSince = null;
      e.alerted = false;
    }
    e.state = StreamState.Live;
  }

  /** Per delivered trade: two stores, no allocation. */
  trade(symbol: string, ts: number): void {
    const e = this.entry(symbol);
    e.lastTradeTs = ts;
    e.lastTradeAt = this.clock.now();
  }

  gapFilled(symbol: string, trades: number): void {
    this.entry(symbol).gapFilledTrades += trades;
  }

  /** Counts the open gap and returns its alert. */
  gapOpen(symbol: string, gap: { readonly from: TradeCursor; readonly until: TradeCursor }, report: GapFillReport | null, text: string): DataConnectionAlert {
    this.entry(symbol).gapsOpen += 1;
    return { kind: DataAlertKind.GapOpen, exchange: this.exchange, symbol, at: this.clock.now(), from: gap.from, until: gap.until, report, text };
  }

  stopped(symbol: string): void {
    const e = this.entries.get(symbol);
    if (e) e.state = StreamState.Stopped;
  }

  /** Connection-lost alerts now due: symbols disconnected for at least the threshold, not yet alerted in this outage. */
  check(): DataConnectionAlert[] {
    const now = this.clock.now();
    const due: DataConnectionAlert[] = [];
    for (const [symbol, e] of this.entries) {
      if (e.disconnectedSince === null || e.alerted || e.state === StreamState.Stopped) continue;
      if (now - e.disconnectedSince < this.config.connectionLostAfterMs) continue;
      e.alerted = true;
      due.push({ kind: DataAlertKind.ConnectionLost, exchange: this.exchange, symbol, since: e.disconnectedSince, at: now, failures: e.failures, lastError: e.lastError });
    }
    return due;
  }

  snapshot(): { readonly connectionLostAfterMs: number; readonly symbols: SymbolHealth[] } {
    const symbols = [...this.entries].map(([symbol, e]) => ({
      symbol, state: e.state, lastTradeTs: e.lastTradeTs, lastTradeAt: e.lastTradeAt, reconnects: e.reconnects, failures: e.failures,
      gapFilledTrades: e.gapFilledTrades, gapsOpen: e.gapsOpen, disconnectedSince: e.disconnectedSince, lastError: e.lastError,
    }));
    return { connectionLostAfterMs: this.config.connectionLostAfterMs, symbols };
  }

  private entry(symbol: string): Entry {
    const e = this.entries.get(symbol);
    if (!e) throw new Error(`stream health: unknown symbol ${symbol}`);
    return e;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/** The alert's text, as the `error` of its `system.error`. */
export function describeAlert(a: DataConnectionAlert): string {
  if (a.kind === DataAlertKind.GapOpen) return `${a.exchange} ${a.symbol}: ${a.text}`;
  const secs = Math.round((a.at - a.since) / 1000);
  return `${a.exchange} ${a.symbol}: no trade stream for ${secs} s (since ${iso(a.since)}, ${a.failures} failed reconnects; last error: ${a.lastError ?? 'none'})`;
}

/** Text for a gap that stayed (partly) open: where trades are missing, and why. */
export function describeOpenGap(gap: { readonly from: TradeCursor; readonly until: TradeCursor }, r: GapFillReport | null, why: string): string {
  const after = r ?? { reached: gap.from, handed: 0 };
  return `gap in trades not filled: trades after ${after.reached.id} (${iso(after.reached.ts)}) up to the stream's trade ${gap.until.id} (${iso(gap.until.ts)}) are missing or unverified; ${after.handed} trades filled from REST first; ${why}`;
}

/**
 * A `system.error` for the alert: component `data_connection`, critical. The event id derives from
 * the outage's start (or the gap's ends), so a repeat of the same alert is the same event.
 */
export function systemErrorOf(a: DataConnectionAlert, tsInit: number): SystemError {
  const eventId =
    a.kind === DataAlertKind.ConnectionLost
      ? derivedId('syserr', CriticalComponent.DataConnection, a.exchange, a.symbol, a.kind, String(a.since))
      : derivedId('syserr', CriticalComponent.DataConnection, a.exchange, a.symbol, a.kind, a.from.id, a.until.id);
  return {
    type: 'system.error',
    eventId,
    tsEvent: a.at,
    tsInit,
    correlationId: eventId,
    causationId: null,
    payload: { component: CriticalComponent.DataConnection, error: describeAlert(a).slice(0, 2000), critical: true },
  };
}
