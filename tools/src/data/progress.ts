/** What the downloader tells the person waiting. */
export interface DownloadProgress {
  fileStarted(index: number, count: number, fileName: string, resumedFrom: number): void;
  bytes(received: number, total: number | null): void;
  /** The file's last line: `ok`, `already here`, `missing`, … */
  fileEnded(line: string): void;
  /** A retry, a refusal: printed on its own line, never overwritten by the bar. */
  notice(line: string): void;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * A bar redrawn in place on a TTY (at most 10 times a second), plain lines otherwise (CI logs, a
 * pipe): one when a file starts, one per quarter of a large file, one when it ends.
 */
export function progressOn(out: NodeJS.WriteStream, now: () => number = Date.now): DownloadProgress {
  const tty = out.isTTY === true;
  let name = '';
  let prefix = '';
  let started = 0;
  let startBytes = 0;
  let lastDraw = 0;
  let lastQuarter = 0;
  let drawn = false;
  const clear = (): void => {
    if (tty && drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    fileStarted(index, count, fileName, resumedFrom) {
      name = fileName;
      prefix = `(${index}/${count})`;
      started = now();
      startBytes = resumedFrom;
      lastDraw = 0;
      lastQuarter = 0;
      const resumed = resumedFrom > 0 ? ` resuming after ${formatBytes(resumedFrom)}` : '';
      if (!tty) out.write(`data: ${prefix} ${name}${resumed}\n`);
    },
    bytes(received, total) {
      const t = now();
      if (tty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        const rate = (received - startBytes) / Math.max(0.001, (t - started) / 1000);
        const width = 24;
        const frac = total !== null && total > 0 ? Math.min(1, received / total) : null;
        const bar = frac === null ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${(frac * 100).toFixed(1).padStart(5)}% `;
        const size = total === null ? formatBytes(received) : `${formatBytes(received)} / ${formatBytes(total)}`;
        out.write(`\r\x1b[2K${bar}${size}  ${formatBytes(rate)}/s  ${prefix} ${name}`);
        drawn = true;
      } else if (total !== null && total >= 8 * 1024 ** 2) {
        const quarter = Math.floor((received / total) * 4);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          out.write(`data: ${prefix} ${name} ${quarter * 25}% of ${formatBytes(total)}\n`);
        }
      }
    },
    fileEnded(line) {
      clear();
      out.write(`data: ${prefix} ${name}: ${line}\n`);
    },
    notice(line) {
      clear();
      out.write(`data: ${line}\n`);
    },
  };
}
