import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BacktestResult, type Summary, computeSummary } from '@cascade/core';
import { type ReportMeta, renderReportHtml } from './report-html.js';
import { writeSummaryJson } from './summary-json.js';
import { writeTradesCsv } from './trades-csv.js';

export const OUTPUT_FILES = { summary: 'summary.json', trades: 'trades.csv', report: 'report.html' } as const;

export async function writeReportHtml(path: string, result: BacktestResult, summary: Summary, meta: ReportMeta): Promise<void> {
  await writeFile(path, renderReportHtml(result, summary, meta), 'utf8');
}

/** Write summary.json, trades.csv and report.html into `dir` (created if missing); returns the summary. */
export async function writeBacktestOutputs(dir: string, result: BacktestResult, meta: ReportMeta): Promise<Summary> {
  await mkdir(dir, { recursive: true });
  const summary = computeSummary(result);
  await writeSummaryJson(join(dir, OUTPUT_FILES.summary), summary);
  await writeTradesCsv(join(dir, OUTPUT_FILES.trades), result.trades);
  await writeReportHtml(join(dir, OUTPUT_FILES.report), result, summary, meta);
  return summary;
}
