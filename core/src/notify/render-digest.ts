import Big from 'big.js';
import type { DigestEntry } from './digest-entry.js';
import { emailPage, heading, listTable, kvTable, paragraph, severityColour } from './html.js';
import type { RenderedEmail } from './render-email.js';

export interface ThrottledEntry extends DigestEntry {
  readonly throttleKey: string;
}

export interface DigestInput {
  readonly window: { readonly start: number; readonly end: number };
  /** Info events (fills, closes) queued in the window. */
  readonly entries: readonly DigestEntry[];
  /** Warnings the throttle held back since the last digest. */
  readonly throttled: readonly ThrottledEntry[];
}

/** Beyond this many event rows the email says how many more there are: mail clients clip long messages (Gmail at ~100 kB). */
export const maxDigestRows = 200;

const hms = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const ymdhm = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const hm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
const byTime = (a: DigestEntry, b: DigestEntry): number => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Net realized P&L of the closes, per quote currency, exact. */
export function digestPnl(entries: readonly DigestEntry[]): { currency: string; pnl: string }[] {
  const sums = new Map<string, Big>();
  for (const e of entries) if (e.pnl !== null) sums.set(e.pnlCurrency ?? '?', (sums.get(e.pnlCurrency ?? '?') ?? new Big(0)).plus(e.pnl));
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, v]) => ({ currency, pnl: v.toFixed() }));
}

/** The digest email of one window. Pure: the same input renders the same bytes. */
export function renderDigest(input: DigestInput): RenderedEmail {
  const entries = [...input.entries].sort(byTime);
  const fills = entries.filter((e) => e.eventType === 'order.filled').length;
  const closes = entries.filter((e) => e.eventType === 'position.closed').length;
  const pnl = digestPnl(entries);
  const pnlText = pnl.map((p) => `${p.pnl.startsWith('-') ? '' : '+'}${p.pnl} ${p.currency}`).join(', ');

  const groups = new Map<string, ThrottledEntry[]>();
  for (const t of [...input.throttled].sort(byTime)) groups.set(t.throttleKey, [...(groups.get(t.throttleKey) ?? []), t]);
  const held = [...groups.values()].map((g) => ({ n: g.length, first: g[0]!, last: g[g.length - 1]! }));

  const span = `${ymdhm(input.window.start)}–${hm(input.window.end)} UTC`;
  const title = `Digest ${span}`;
  const headline = [plural(fills, 'fill', 'fills'), plural(closes, 'close', 'closes'), ...(pnlText ? [`P&L ${pnlText}`] : []), ...(input.throttled.length ? [plural(input.throttled.length, 'warning held back', 'warnings held back')] : [])];
  const subject = `[Cascade] ${title}: ${headline.join(', ')}`;

  const summary: [string, string][] = [
    ['Window', span],
    ['Fills', String(fills)],
    ['Closes', String(closes)],
    ...pnl.map((p): [string, string] => [`Net P&L (${p.currency})`, `${p.pnl.startsWith('-') ? '' : '+'}${p.pnl}`]),
    ['Warnings held back', String(input.throttled.length)],
  ];
  const shown = entries.slice(0, maxDigestRows);
  const more = entries.length - shown.length;
  const moreLine = more > 0 ? `… and ${more} more in the notifications collection.` : null;
  const heldRows = held.map((h): [string, string] => [`${h.n} ×`, `${h.last.line} (${hms(h.first.occurredAt)}${h.n > 1 ? `–${hms(h.last.occurredAt)}` : ''})`]);

  const text = [
    title,
    '',
    ...summary.map(([k, v]) => `${k}: ${v}`),
    ...(shown.length ? ['', 'Events (UTC)', ...shown.map((e) => `${hms(e.occurredAt)}  ${e.line}`)] : []),
    ...(moreLine ? [moreLine] : []),
    ...(heldRows.length ? ['', 'Warnings held back by the throttle', ...heldRows.map(([k, v]) => `${k} ${v}`)] : []),
  ].join('\n');

  const html = emailPage(severityColour.info, title, [
    kvTable(summary),
    ...(shown.length ? [heading('Events (UTC)'), listTable(shown.map((e): [string, string] => [hms(e.occurredAt), e.line]))] : []),
    ...(moreLine ? [paragraph(moreLine)] : []),
    ...(heldRows.length ? [heading('Warnings held back by the throttle'), listTable(heldRows)] : []),
  ]);
  return { severity: 'info', subject, text, html };
}
