import { type RenderedEmail } from '../../notify/render-email.js';
import { dec } from '../../execution/money.js';
import { emailPage, esc, heading, kvTable, paragraph, severityColour } from '../../notify/html.js';
import { fixed } from '../number-format.js';
import type { PeriodReport } from './build-report.js';
import { ReportKind, periodLabel } from './report-period.js';

export interface ReportLinks {
  readonly html: string;
  readonly csv: string;
  readonly json: string;
  /** True for URLs (signed, cloud); false for file paths (local), which mail clients cannot open as links. */
  readonly clickable: boolean;
}

export interface MailAttachment {
  readonly filename: string;
  /** Base64 of the file's bytes (SendGrid v3 `attachments[].content`). */
  readonly content: string;
  readonly type: string;
}

/** A report email: the summary in the body, links to the files, the summary file attached. */
export interface ReportEmail extends RenderedEmail {
  readonly attachments: readonly MailAttachment[];
}

const signed = (s: string): string => (s.startsWith('-') ? s : `+${s}`);
const pct = (x: number | null, dp: number): string => (x === null ? '—' : `${fixed(x, dp)} %`);
const ratio = (x: number | null, dp: number): string => (x === null ? '—' : fixed(x, dp));

/**
 * The email announcing a report. Pure: the same report and links render the same bytes. Money in the
 * body is exact (rounded to 8 places for reading); per quote currency, never added across them.
 * `attach` is the summary file, or null when the mailer cannot carry attachments.
 */
export function renderReportEmail(r: PeriodReport, links: ReportLinks, attach: { filename: string; body: string } | null): ReportEmail {
  const kind = r.period.kind === ReportKind.Daily ? 'Daily' : 'Weekly';
  const label = periodLabel(r.period);
  const pnl = r.currencies.map((c) => `${signed(dec(c.summary.netPnl).round(8).toFixed())} ${c.quote}`).join(', ');
  const subject = `[Cascade] ${kind} report ${r.period.periodId}: ${r.trades.length} trade${r.trades.length === 1 ? '' : 's'}${pnl ? `, ${pnl}` : ''}`;
  const inner: string[] = [];
  const text: string[] = [`${kind} report ${label}`, `${r.trades.length} closed trade(s).`];
  for (const c of r.currencies) {
    const s = c.summary;
    const best = c.best[0];
    const worst = c.worst[0];
    const rows: [string, string][] = [
      ['Trades (won / lost)', `${s.trades} (${s.wins} / ${s.losses})`],
      ['Win rate', pct(s.winRate, 1)],
      ['Net P&L (after fees)', `${signed(dec(s.netPnl).round(8).toFixed())} ${c.quote}`],
      ['Fees', `${dec(s.fees).round(8).toFixed()} ${c.quote}`],
      ['Profit factor', s.profitFactor === null ? (s.wins > 0 ? '∞' : '—') : fixed(s.profitFactor, 2)],
      ['Sharpe / Sortino (per trade)', `${ratio(s.sharpe, 3)} / ${ratio(s.sortino, 3)}`],
      ['VaR 95 % / 99 % (per trade)', `${pct(s.var95, 3)} / ${pct(s.var99, 3)}`],
      ['Max drawdown', pct(s.maxDrawdownPct, 2)],
      ['Top module', c.byModule[0] ? `${c.byModule[0].key} ${signed(c.byModule[0].netPnl)}` : '—'],
      ['Best trade', best ? `${best.symbol} ${best.exchange} ${signed(best.pnl)}` : '—'],
      ['Worst trade', worst ? `${worst.symbol} ${worst.exchange} ${worst.pnl}` : '—'],
    ];
    inner.push(heading(c.quote), kvTable(rows));
    text.push('', c.quote, ...rows.map(([k, v]) => `${k}: ${v}`));
  }
  if (r.trades.length === 0) inner.push(paragraph('No trades closed in this period.'));
  if (r.ledger && !r.ledger.matches) {
    const warn = `The ledger (portfolio) shows ${r.ledger.trades} trades and ${r.ledger.realizedPnl} realised: it does not match the trade history.`;
    inner.push(paragraph(warn));
    text.push('', warn);
  }
  const a = (href: string, label: string): string => (links.clickable ? `<a href="${esc(href)}" style="color:#0b57d0">${esc(label)}</a>` : `${esc(label)}: <code style="overflow-wrap:anywhere">${esc(href)}</code>`);
  inner.push(
    heading('Report'),
    `<p style="margin:8px 0;font-size:16px">${a(links.html, 'Open the full report (charts, tables)')}</p>`,
    `<p style="margin:8px 0;font-size:14px">${a(links.csv, 'Every trade (CSV)')} · ${a(links.json, 'Summary (JSON)')}</p>`,
  );
  const note = [attach ? `The summary is attached as ${attach.filename}.` : '', links.clickable ? 'The links stay valid for 7 days.' : ''].filter(Boolean).join(' ');
  if (note) inner.push(paragraph(note));
  text.push('', `Report: ${links.html}`, `Trades (CSV): ${links.csv}`, `Summary (JSON): ${links.json}`, ...(note ? [note] : []));
  return {
    severity: 'info',
    subject,
    text: `${text.join('\n')}\n`,
    html: emailPage(severityColour.info, `${kind} report ${label}`, inner),
    attachments: attach ? [{ filename: attach.filename, content: Buffer.from(attach.body, 'utf8').toString('base64'), type: 'application/json' }] : [],
  };
}
