import type { AlertSeverity } from './alert-policy.js';

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const severityColour: Record<AlertSeverity, string> = { critical: '#b00020', warning: '#b26a00', info: '#1b5e20' };

/**
 * The page every Cascade email shares, built for a phone first: a viewport meta so mobile clients
 * do not shrink a desktop layout, 16 px text (iOS zooms anything smaller), one fluid column capped
 * at 560 px, and long tokens (ids, symbols, URLs) wrapping instead of widening the page.
 */
export function emailPage(colour: string, title: string, inner: readonly string[]): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${esc(title)}</title></head>`,
    '<body style="margin:0;padding:12px;font-family:-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.4;color:#111;-webkit-text-size-adjust:100%">',
    '<div style="max-width:560px;margin:0 auto">',
    `<h2 style="margin:0 0 12px;color:${colour};font-size:20px;line-height:1.25">${esc(title)}</h2>`,
    ...inner,
    '</div></body></html>',
  ].join('');
}

const cell = 'padding:6px 8px;vertical-align:top;overflow-wrap:anywhere;word-break:break-word;border-bottom:1px solid #eee';

/** Label → value rows; the label column takes what it needs up to 40 % and wraps beyond that. */
export function kvTable(rows: readonly (readonly [string, string])[]): string {
  return [
    '<table role="presentation" style="border-collapse:collapse;width:100%">',
    ...rows.map(([k, v]) => `<tr><td style="${cell};color:#555;width:40%">${esc(k)}</td><td style="${cell}">${esc(v)}</td></tr>`),
    '</table>',
  ].join('');
}

/** A narrow first column (a time, a count) and the text beside it. */
export function listTable(rows: readonly (readonly [string, string])[]): string {
  return [
    '<table role="presentation" style="border-collapse:collapse;width:100%">',
    ...rows.map(([k, v]) => `<tr><td style="${cell};color:#555;white-space:nowrap;font-size:14px;width:1%">${esc(k)}</td><td style="${cell}">${esc(v)}</td></tr>`),
    '</table>',
  ].join('');
}

export const heading = (s: string): string => `<h3 style="margin:20px 0 6px;font-size:17px">${esc(s)}</h3>`;
export const paragraph = (s: string): string => `<p style="margin:8px 0;color:#555;font-size:14px">${esc(s)}</p>`;
