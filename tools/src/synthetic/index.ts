export * from './planted-tape.js';
export * from './regime-tape.js';
export * from './regimes.js';
export * from './microstructure.js';
export * from './tape-stats.js';
export { binanceAggTradeLine, binanceTradeLine, BINANCE_TRADES_HEADER, CCXT_CSV_HEADER, ccxtCsvLine, KlineWriter, TextFile } from './write-synth.js';
