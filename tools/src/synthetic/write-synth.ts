import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Trade } from '@cascade/core';
import { MICRO } from './microstructure.js';
import { ZipFileWriter } from './zip-file-writer.js';

/**
 * A text sink, gzip when the name ends `.gz`, a one-file zip (as data.binance.vision packs them) when
 * it ends `.zip`; `end()` resolves when the file is complete on disk.
 */
export class TextFile {
  private readonly out: Writable | null = null;
  private readonly zip: ZipFileWriter | null = null;
  private readonly done: Promise<unknown> = Promise.resolve();
  private buf: string[] = [];

  constructor(path: string) {
    if (path.endsWith('.zip')) {
      this.zip = new ZipFileWriter(path);
      return;
    }
    const file = createWriteStream(path);
    this.done = once(file, 'close');
    if (path.endsWith('.gz')) {
      const gz = createGzip();
      gz.pipe(file);
      this.out = gz;
    } else {
      this.out = file;
    }
  }

  async line(s: string): Promise<void> {
    this.buf.push(s);
    if (this.buf.length >= 4096) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const text = `${this.buf.join('\n')}\n`;
    this.buf = [];
    if (this.zip !== null) return this.zip.write(Buffer.from(text, 'utf8'));
    const out = this.out as Writable;
    if (!out.write(text)) await once(out, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    if (this.zip !== null) return this.zip.end();
    (this.out as Writable).end();
    await this.done;
  }
}

/** Binance public-data trades header, as in sample-data/tapes/binance-*-trades-2024-*.csv.gz. */
export const BINANCE_TRADES_HEADER = 'id,price,qty,quote_qty,time,is_buyer_maker';

/** One trade as a Binance public-data trades line (buyer is maker ⇔ the aggressor sold). */
export function binanceTradeLine(t: Trade): string {
  const price = t.price.toFixed(MICRO.pricePrecision);
  const qty = t.amount.toFixed(MICRO.amountPrecision);
  return `${t.id},${price},${qty},${(t.price * t.amount).toFixed(MICRO.pricePrecision + MICRO.amountPrecision)},${t.ts},${t.side === 'sell' ? 'true' : 'false'}`;
}

/**
 * One trade as a data.binance.vision spot aggTrades line (no header; `True`/`False` as spot files
 * write them): agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match.
 * A generated trade is one fill, so first and last trade ids are its own id.
 */
export function binanceAggTradeLine(t: Trade): string {
  return `${t.id},${t.price.toFixed(MICRO.pricePrecision)},${t.amount.toFixed(MICRO.amountPrecision)},${t.id},${t.id},${t.ts},${t.side === 'sell' ? 'True' : 'False'},True`;
}

/** ccxt trades saved with pandas `to_csv` (sample-data/tapes/ethusdt-trades-2023-02-02.csv): header. */
export const CCXT_CSV_HEADER = ',timestamp,id,type,side,price,amount,cost,date';

/** One trade as a pandas-saved ccxt CSV line; `index` is pandas' row index (0 for the first row). */
export function ccxtCsvLine(t: Trade, index: number): string {
  const price = t.price.toFixed(MICRO.pricePrecision);
  const amount = t.amount.toFixed(MICRO.amountPrecision);
  const cost = Number((t.price * t.amount).toFixed(MICRO.pricePrecision + MICRO.amountPrecision));
  const date = `${new Date(t.ts).toISOString().replace('T', ' ').replace('Z', '')}000+00:00`;
  return `${index},${t.ts},${t.id},,${t.side},${price},${amount},${cost},${date}`;
}

/**
 * 1m klines from a time-ordered trade stream, as data.binance.vision lays them out (no header:
 * open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore).
 * A minute without a trade gets a zero-volume line at the last close, as Binance writes them, so a
 * reader can tell the history covers its last 15 minutes (readWarmupFile drops the empty candles).
 */
export class KlineWriter {
  private k: { t: number; o: number; h: number; l: number; c: number; v: number; q: number; n: number; bv: number; bq: number } | null = null;

  constructor(private readonly file: TextFile) {}

  async add(t: Trade): Promise<void> {
    const minute = t.ts - (t.ts % 60_000);
    let k = this.k;
    if (k !== null && k.t !== minute) {
      await this.emit(k);
      await this.fill(k.t + 60_000, minute, k.c);
      k = null;
    }
    if (k === null) {
      k = { t: minute, o: t.price, h: t.price, l: t.price, c: t.price, v: 0, q: 0, n: 0, bv: 0, bq: 0 };
      this.k = k;
    }
    if (t.price > k.h) k.h = t.price;
    if (t.price < k.l) k.l = t.price;
    k.c = t.price;
    k.v += t.amount;
    k.q += t.price * t.amount;
    k.n += 1;
    if (t.side === 'buy') {
      k.bv += t.amount;
      k.bq += t.price * t.amount;
    }
  }

  /** Writes the last minute and, with `until`, empty minutes up to it (exclusive): the history's end. */
  async end(until?: number): Promise<void> {
    const k = this.k;
    if (k !== null) {
      await this.emit(k);
      if (until !== undefined) await this.fill(k.t + 60_000, until, k.c);
    }
    this.k = null;
    await this.file.end();
  }

  private async fill(from: number, to: number, price: number): Promise<void> {
    for (let t = from; t < to; t += 60_000) await this.emit({ t, o: price, h: price, l: price, c: price, v: 0, q: 0, n: 0, bv: 0, bq: 0 });
  }

  private async emit(k: NonNullable<KlineWriter['k']>): Promise<void> {
    const p = (x: number) => x.toFixed(MICRO.pricePrecision);
    const a = (x: number) => x.toFixed(MICRO.amountPrecision);
    const q = (x: number) => x.toFixed(MICRO.pricePrecision + MICRO.amountPrecision);
    await this.file.line(`${k.t},${p(k.o)},${p(k.h)},${p(k.l)},${p(k.c)},${a(k.v)},${k.t + 59_999},${q(k.q)},${k.n},${a(k.bv)},${q(k.bq)},0`);
  }
}
