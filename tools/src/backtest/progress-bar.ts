/**
 * A one-line progress bar on a TTY (tape time when the tape's span is known, else a trade counter);
 * on a pipe it prints a line every 10 % instead, so CI logs stay readable.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastDecile = -1;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private span: { first: number; last: number } | null,
  ) {}

  setSpan(span: { first: number; last: number } | null): void {
    this.span = span;
  }

  update(trades: number, tapeTs: number, closed: number): void {
    const now = Date.now();
    const frac = this.span && this.span.last > this.span.first ? Math.min(1, Math.max(0, (tapeTs - this.span.first) / (this.span.last - this.span.first))) : null;
    const rate = Math.round(trades / Math.max(0.001, (now - this.started) / 1000));
    if (this.out.isTTY) {
      if (now - this.lastDraw < 200) return;
      this.lastDraw = now;
      const width = 30;
      const bar = frac === null ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${(frac * 100).toFixed(1).padStart(5)}% `;
      this.out.write(`\r${bar}${trades.toLocaleString('en-US')} trades  ${rate.toLocaleString('en-US')}/s  ${closed} closed trades  `);
    } else if (frac !== null) {
      const decile = Math.floor(frac * 10);
      if (decile > this.lastDecile) {
        this.lastDecile = decile;
        this.out.write(`backtest: ${decile * 10}% (${trades} trades, ${closed} closed trades)\n`);
      }
    }
  }

  done(trades: number): void {
    const s = (Date.now() - this.started) / 1000;
    this.out.write(`${this.out.isTTY ? '\r' : ''}backtest: ${trades.toLocaleString('en-US')} trades in ${s.toFixed(1)} s (${Math.round(trades / Math.max(s, 0.001)).toLocaleString('en-US')}/s)${' '.repeat(20)}\n`);
  }
}
