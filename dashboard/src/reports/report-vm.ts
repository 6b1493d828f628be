import { dec } from '@cascade/core';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) to rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface TradeTable {
  readonly header: string[];
  readonly rows: string[][];
}

export function tradeTable(csv: string): TradeTable {
  const [header = [], ...rows] = parseCsv(csv);
  return { header, rows: rows.filter((r) => r.length > 1 || r[0] !== '') };
}

export interface CurvePoint {
  readonly t: number;
  readonly equity: string;
  readonly drawdown: string;
}

/** A time cell: epoch ms (backtest trades.csv) or ISO 8601 (period reports). */
function timeOf(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : Date.parse(s);
}

/**
 * The cumulative net P&L curve of a trade table (backtest `exitTime,pnl`; period report `closedAt,pnl`)
 * and its drawdown from the running peak (0 is the first peak), exact in decimals, in close-time order.
 * Null when the table has neither column.
 */
export function pnlCurve(t: TradeTable): CurvePoint[] | null {
  const ti = t.header.indexOf('exitTime') >= 0 ? t.header.indexOf('exitTime') : t.header.indexOf('closedAt');
  const pi = t.header.indexOf('pnl');
  if (ti < 0 || pi < 0) return null;
  const rows = t.rows.map((r) => ({ t: timeOf(r[ti] ?? ''), pnl: r[pi] ?? '0' })).filter((r) => Number.isFinite(r.t) && /^-?\d+(\.\d+)?$/.test(r.pnl));
  rows.sort((a, b) => a.t - b.t);
  let eq = dec(0);
  let peak = dec(0);
  return rows.map((r) => {
    eq = eq.plus(r.pnl);
    if (eq.gt(peak)) peak = eq;
    return { t: r.t, equity: eq.toFixed(), drawdown: peak.minus(eq).toFixed() };
  });
}

export interface ReportFile {
  /** Path under `reports/` (`2024/03/05/daily-2024-03-05.csv`, `backtests/eth-trend/trades.csv`). */
  readonly path: string;
  readonly url: string;
}

export interface ReportEntry {
  readonly id: string;
  readonly csv: ReportFile | null;
  readonly html: ReportFile | null;
  readonly json: ReportFile | null;
}

/**
 * Files grouped into reports: a backtest output folder (`trades.csv`, `summary.json`, `report.html`)
 * is one report named by its folder; period reports are one per file stem (`daily-2024-03-05.*`).
 * Newest-looking first (paths sort by date).
 */
export function groupReports(files: readonly ReportFile[]): ReportEntry[] {
  const m = new Map<string, { csv: ReportFile | null; html: ReportFile | null; json: ReportFile | null }>();
  for (const f of files) {
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    const name = f.path.slice(dir.length ? dir.length + 1 : 0);
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (ext !== 'csv' && ext !== 'html' && ext !== 'json') continue;
    const backtestFile = name === 'trades.csv' || name === 'summary.json' || name === 'report.html';
    const id = backtestFile ? dir || '(top)' : `${dir ? `${dir}/` : ''}${name.slice(0, name.lastIndexOf('.'))}`;
    const e = m.get(id) ?? { csv: null, html: null, json: null };
    m.set(id, { ...e, [ext]: f });
  }
  return [...m].map(([id, e]) => ({ id, ...e })).sort((a, b) => b.id.localeCompare(a.id));
}
