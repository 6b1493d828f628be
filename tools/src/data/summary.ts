import type { DataSeries } from './binance-layout.js';
import { type FileResult, Outcome } from './download-files.js';
import { formatBytes } from './progress.js';
import { displayPath, usageLines } from './usage-hints.js';

export interface Summary {
  /** For stdout: what is on disk and how to use it. */
  readonly report: string;
  /** For stderr: what is not, one line each; empty when every file arrived. */
  readonly problems: readonly string[];
}

/** The end-of-run text: the files ready to use with the exact paths to pass, then what is missing and why. */
export function summarize(series: DataSeries, range: string, results: readonly FileResult[], cwd: string): Summary {
  const count = (o: Outcome): number => results.filter((r) => r.outcome === o).length;
  const ready = results.filter((r) => r.outcome === Outcome.Downloaded || r.outcome === Outcome.AlreadyHere);
  const fetched = results.reduce((sum, r) => sum + r.fetched, 0);
  const name = `binance ${series.market} ${series.symbol} ${series.kind}${series.interval ? ` ${series.interval}` : ''}, ${range}`;
  const counts = [
    `${count(Outcome.Downloaded)} downloaded (${formatBytes(fetched)})`,
    `${count(Outcome.AlreadyHere)} already here`,
    ...(count(Outcome.Missing) > 0 ? [`${count(Outcome.Missing)} missing`] : []),
    ...(count(Outcome.ChecksumMismatch) > 0 ? [`${count(Outcome.ChecksumMismatch)} refused`] : []),
    ...(count(Outcome.Failed) > 0 ? [`${count(Outcome.Failed)} failed`] : []),
  ];
  const shown = ready.map((r) => displayPath(r.path, cwd));
  const lines = [`${name}: ${results.length} file${results.length === 1 ? '' : 's'}: ${counts.join(', ')}`];
  if (shown.length > 0) lines.push('', 'Files, SHA-256 verified:', ...shown.map((p) => `  ${p}`), '', ...usageLines(series, shown));

  const problems: string[] = [];
  for (const r of results) {
    if (r.outcome === Outcome.Missing) problems.push(`missing ${r.file.label}: not published (HTTP 404) at ${r.url}`);
    if (r.outcome === Outcome.ChecksumMismatch) problems.push(`refused ${r.file.label}: ${r.detail ?? 'checksum mismatch'}`);
    if (r.outcome === Outcome.Failed) problems.push(`failed ${r.file.label}: ${r.detail ?? 'unknown error'}`);
  }
  return { report: lines.join('\n'), problems };
}
