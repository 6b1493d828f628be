/** Venue and unified symbol of a tape, ccxt style (`binance`, `XRP/ETH`). */
export interface TapeIdentity {
  readonly exchange: string;
  readonly symbol: string;
}

/** When a file name names no venue. */
export const unknownExchange = 'unknown';

/** Venues recognised as a leading file-name token (ccxt ids). */
const knownExchanges = new Set([
  'binance', 'binanceus', 'binanceusdm', 'binancecoinm', 'kraken', 'krakenfutures', 'coinbase', 'coinbasepro',
  'bitfinex', 'bitstamp', 'bybit', 'okx', 'okex', 'kucoin', 'gate', 'gateio', 'huobi', 'htx', 'bitget', 'mexc',
  'bitmex', 'deribit', 'gemini', 'poloniex', 'bittrex', 'upbit', 'bithumb', 'cryptocom', 'hyperliquid',
  'truefx', 'dukascopy', 'oanda',
]);

/**
 * Quote assets, to split a concatenated pair (`XRPETH`) at its end. The longest one that leaves a
 * non-empty base wins, so `BTCFDUSD` is BTC/FDUSD, not BTCFD/USD.
 */
export const knownQuoteAssets: readonly string[] = [
  'USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'USDP', 'USDS', 'DAI', 'PAX', 'UST', 'BIDR', 'IDRT',
  'BTC', 'XBT', 'ETH', 'BNB', 'XRP', 'TRX', 'SOL', 'DOGE', 'DOT',
  'EUR', 'USD', 'JPY', 'GBP', 'TRY', 'AUD', 'CAD', 'CHF', 'NZD', 'BRL', 'RUB', 'UAH', 'ZAR', 'NGN', 'PLN', 'ARS', 'MXN', 'SEK', 'NOK', 'HKD', 'SGD', 'CNH',
];

/** Kraken's legacy codes to ccxt's common ones. */
const commonCodes: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** Tokens that describe the file rather than the instrument. */
const nonSymbolTokens = new Set(['trades', 'aggtrades', 'quotes', 'ticks', 'tick', 'trade', 'spot', 'um', 'cm', 'futures', 'data', 'history', 'monthly', 'daily']);

const extensions = /(\.(gz|gzip|zip|csv|json|parquet|txt|jsonl))+$/i;

// data.binance.vision names files SYMBOL-trades-YYYY-MM[-DD] / SYMBOL-aggTrades-…, symbol in upper case.
const binanceVisionName = /^[A-Z0-9]+-(trades|aggTrades)-\d{4}-\d{2}(-\d{2})?$/;

/** `XRPETH` → `XRP/ETH`; null when no known quote asset ends it. */
export function splitPair(concatenated: string): string | null {
  const s = concatenated.toUpperCase();
  let best = '';
  for (const q of knownQuoteAssets) {
    if (q.length > best.length && s.length > q.length && s.endsWith(q)) best = q;
  }
  if (best === '') return null;
  return `${code(s.slice(0, s.length - best.length))}/${code(best)}`;
}

function code(c: string): string {
  return commonCodes[c] ?? c;
}

function inferIdentity(fileName: string): { exchange: string; symbol: string | null } {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(extensions, '');
  const tokens = base.split(/[-\s.]+/).filter((t) => t !== '');
  let exchange = unknownExchange;
  if (tokens.length > 0 && knownExchanges.has((tokens[0] as string).toLowerCase())) {
    exchange = (tokens.shift() as string).toLowerCase();
  } else if (binanceVisionName.test(base)) {
    exchange = 'binance';
  }
  for (const token of tokens) {
    if (nonSymbolTokens.has(token.toLowerCase()) || /^\d+$/.test(token)) continue;
    const explicit = /^([A-Za-z0-9]+)[_/]([A-Za-z0-9]+)$/.exec(token); // XRP_ETH (ccxt's file-safe symbol)
    if (explicit !== null) return { exchange, symbol: `${code((explicit[1] as string).toUpperCase())}/${code((explicit[2] as string).toUpperCase())}` };
    const pair = splitPair(token);
    if (pair !== null) return { exchange, symbol: pair };
  }
  return { exchange, symbol: null };
}

/**
 * Venue and symbol from a tape's file name:
 * `binance-xrpeth-trades-2019-10.json.gz` → binance, XRP/ETH;
 * `BTCUSDT-aggTrades-2024-01-01.zip` → binance, BTC/USDT (data.binance.vision's naming);
 * `ethusdt-trades-2023-02-02.csv` → unknown, ETH/USDT.
 * Throws when no token splits into a known pair; callers then need the symbol given explicitly.
 */
export function inferTapeIdentity(fileName: string): TapeIdentity {
  const { exchange, symbol } = inferIdentity(fileName);
  if (symbol === null) {
    throw new Error(`cannot infer the symbol from the file name ${fileName}: name it like binance-btcusdt-trades-2024-01.csv or give the symbol (BASE/QUOTE) explicitly`);
  }
  return { exchange, symbol };
}

/** As `inferTapeIdentity`, but null for the symbol instead of throwing. */
export function tryInferTapeIdentity(fileName: string): { exchange: string; symbol: string | null } {
  return inferIdentity(fileName);
}
