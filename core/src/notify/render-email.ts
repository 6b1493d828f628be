import { classifyAlert } from './alert-policy.js';
import type { NotifiableEvent } from './notifiable-event.js';
import { emailPage, kvTable, severityColour } from './html.js';

export type { NotifiableEvent } from './notifiable-event.js';

export interface RenderedEmail {
  readonly severity: 'critical' | 'warning' | 'info';
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Render the email for an event. Pure: the same event renders the same bytes. */
export function renderEmail(e: NotifiableEvent): RenderedEmail {
  switch (e.type) {
    case 'order.filled': {
      const p = e.payload;
      const rows: [string, string][] = [
        ['Symbol', `${p.symbol} (${p.exchange})`],
        ['Side', `${p.side.toUpperCase()} to ${p.intent}`],
        ['Price', p.price],
        ['Amount', p.amount],
        ['Fee', `${p.fee} ${p.feeCurrency}`],
        ['Venue', p.venue],
        ['Client order id', p.clientOrderId],
        ['Time', iso(e.tsEvent)],
      ];
      return build('info', `[Cascade] ${p.venue === 'paper' ? 'Paper fill' : 'Fill'}: ${p.side.toUpperCase()} ${p.amount} ${p.symbol} @ ${p.price}`, 'Order filled', rows);
    }
    case 'position.closed': {
      const p = e.payload;
      const rows: [string, string][] = [
        ['Symbol', `${p.symbol} (${p.exchange})`],
        ['Side', p.side],
        ['Entry → exit', `${p.entryPrice} → ${p.exitPrice}`],
        ['Amount', p.amount],
        ['P&L (net of fees)', `${p.pnl} (${p.pnlPct.toFixed(3)} %)`],
        ['Fees', p.fees],
        ['Exit reason', p.reason],
        ['Held', `${Math.round((p.closedAt - p.openedAt) / 1000)} s`],
      ];
      return build('info', `[Cascade] Closed ${p.side} ${p.symbol}: ${p.pnl} (${p.pnlPct.toFixed(2)} %)`, 'Position closed', rows);
    }
    case 'order.rejected': {
      const p = e.payload;
      const rows: [string, string][] = [
        ['Symbol', p.symbol],
        ['Refused by', p.handler],
        ['Reason', p.reason],
        ['Signal', p.signalId],
        ['Client order id', p.clientOrderId],
      ];
      const sev = classifyAlert(e).severity;
      return build(sev, `[Cascade] ${sev === 'critical' ? 'CRITICAL: order failed' : 'Order refused'} for ${p.symbol}: ${p.handler}`, sev === 'critical' ? 'Order failed at the venue' : 'Order refused', rows);
    }
    case 'system.error': {
      const p = e.payload;
      const rows: [string, string][] = [
        ['Component', p.component],
        ['Error', p.error],
        ['Time', iso(e.tsEvent)],
      ];
      const sev = classifyAlert(e).severity;
      return build(sev, `[Cascade] ${sev === 'critical' ? 'CRITICAL' : 'Error'} in ${p.component}`, 'System error', rows);
    }
    case 'config.rejected': {
      const p = e.payload;
      const rows: [string, string][] = [
        ['Document', p.path],
        ...p.errors.map((x): [string, string] => [`Field ${x.path}`, x.message]),
        ['In effect', p.keptVersion === null ? 'the documented defaults' : `the last good version (${iso(p.keptVersion)})`],
        ['Edited at', iso(p.updateTime)],
      ];
      return build('warning', `[Cascade] Config edit refused: ${p.path}`, 'Your config edit was not applied', rows);
    }
    case 'reconciliation.resolved': {
      const p = e.payload;
      const pos = (x: { side: string; amount: string; entryPrice: string } | null) => (x ? `${x.side} ${x.amount} @ ${x.entryPrice}` : 'none');
      const rows: [string, string][] = [
        ['Venue', p.venue],
        ['Symbol', p.symbol],
        ['Kind', p.kind],
        ['Action', p.action],
        ['Ours', pos(p.local)],
        ["Venue's", pos(p.onVenue)],
        ['P&L booked', p.pnl ?? 'none'],
        ['Position id', p.positionId ?? '—'],
        ['Client order id', p.clientOrderId ?? '—'],
        ['Time', iso(e.tsEvent)],
      ];
      const sev = p.kind === 'order_recovered' || p.kind === 'stale_stop_canceled' ? 'warning' : 'critical';
      return build(sev, `[Cascade] Reconciled ${p.symbol} on ${p.venue}: ${p.kind}`, 'Reconciliation changed local state to match the venue', rows);
    }
  }
}

function build(severity: RenderedEmail['severity'], subject: string, title: string, rows: [string, string][]): RenderedEmail {
  const text = [title, '', ...rows.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return { severity, subject, text, html: emailPage(severityColour[severity], title, [kvTable(rows)]) };
}
