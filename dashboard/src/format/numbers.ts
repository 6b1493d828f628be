/** Display helpers. Amounts stay decimal strings until here; only the screen rounds. */

export function fmtMoney(v: string | null | undefined, quote = ''): string {
  if (v === null || v === undefined) return '—';
  const n = Number(v);
  const s = Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : n.toLocaleString('en-US', { maximumFractionDigits: 4 });
  return quote ? `${s} ${quote}` : s;
}

export function fmtPrice(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return Number(v).toLocaleString('en-US', { maximumSignificantDigits: 8 });
}

export function fmtPct(f: number | null | undefined, digits = 2): string {
  return f === null || f === undefined || !Number.isFinite(f) ? '—' : `${(f * 100).toFixed(digits)} %`;
}

/** `3h 05m`, `4m 10s`, `12s`. */
export function fmtAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** A sign class for P&L cells. */
export function signClass(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return v.startsWith('-') ? 'neg' : Number(v) > 0 ? 'pos' : '';
}
