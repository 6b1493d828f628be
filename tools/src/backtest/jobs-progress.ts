/**
 * Progress of several backtests at once (`--tape` given more than once): one line of totals —
 * tapes done, trades replayed, rate — redrawn on a TTY, printed as each tape finishes on a pipe.
 */
export class JobsProgress {
  private readonly trades: number[];
  private readonly finished: boolean[];
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly labels: readonly string[],
    private readonly threads: number,
  ) {
    this.trades = labels.map(() => 0);
    this.finished = labels.map(() => false);
  }

  update(index: number, trades: number): void {
    this.trades[index] = trades;
    const now = Date.now();
    if (!this.out.isTTY || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.out.write(`\r${this.line()}  `);
  }

  done(index: number, trades: number): void {
    this.trades[index] = trades;
    this.finished[index] = true;
    this.out.write(`${this.out.isTTY ? '\r' : ''}backtest: done ${this.labels[index]}  (${this.line()})\n`);
  }

  finish(): void {
    const s = (Date.now() - this.started) / 1000;
    const total = this.total();
    this.out.write(`backtest: ${this.labels.length} tapes, ${total.toLocaleString('en-US')} trades in ${s.toFixed(1)} s on ${this.threads} thread${this.threads === 1 ? '' : 's'} (${Math.round(total / Math.max(s, 0.001)).toLocaleString('en-US')}/s)\n`);
  }

  private total(): number {
    return this.trades.reduce((a, b) => a + b, 0);
  }

  private line(): string {
    const s = Math.max(0.001, (Date.now() - this.started) / 1000);
    const done = this.finished.filter(Boolean).length;
    return `${done}/${this.labels.length} tapes done, ${this.total().toLocaleString('en-US')} trades, ${Math.round(this.total() / s).toLocaleString('en-US')}/s`;
  }
}
