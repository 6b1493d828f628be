import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BacktestResult, type Summary, computeSummary, type ReportMeta, renderReportHtml, type ClosedTradeRecord, TRADES_CSV_HEADER, summaryJson, type SummaryExtras, tradeCsvRow } from '@cascade/core';

export const OUTPUT_FILES = { summary: 'summary.json', trades: 'trades.csv', report: 'report.html' } as const;

export async function writeReportHtml(path: string, result: BacktestResult, summary: Summary, meta: ReportMeta): Promise<void> {
  await writeFile(path, renderReportHtml(result, summary, meta), 'utf8');
}

/** Write summary.json, trades.csv and report.html into `dir` (created if missing); returns the summary. */
export async function writeBacktestOutputs(dir: string, result: BacktestResult, meta: ReportMeta): Promise<Summary> {
  await mkdir(dir, { recursive: true });
  const summary = computeSummary(result);
  await writeSummaryJson(join(dir, OUTPUT_FILES.summary), summary, { funnel: result.funnel, ...(result.warmUp ? { warmUp: result.warmUp } : {}) });
  await writeTradesCsv(join(dir, OUTPUT_FILES.trades), result.trades);
  await writeReportHtml(join(dir, OUTPUT_FILES.report), result, summary, meta);
  return summary;
}

export async function writeSummaryJson(path: string, summary: Summary, extras: SummaryExtras = {}): Promise<void> {
  await writeFile(path, summaryJson(summary, extras), 'utf8');
}

/** Rows are written in ~1 MiB chunks so a very long trade list never becomes one giant string. */
const CHUNK_CHARS = 1 << 20;

/** Write trades.csv (see `tradeCsvRow` for the format). Same trades → same bytes. */
export async function writeTradesCsv(path: string, trades: readonly ClosedTradeRecord[]): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let buf = TRADES_CSV_HEADER + '\n';
    for (const t of trades) {
      buf += tradeCsvRow(t) + '\n';
      if (buf.length >= CHUNK_CHARS) {
        await fh.write(buf, null, 'utf8');
        buf = '';
      }
    }
    await fh.write(buf, null, 'utf8');
  } finally {
    await fh.close();
  }
}
