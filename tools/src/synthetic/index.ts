export * from './planted-tape.js';
export * from './regime-tape.js';
export * from './regimes.js';
export * from './microstructure.js';
export * from './tape-stats.js';
export { binanceTradeLine, BINANCE_TRADES_HEADER, KlineWriter, TextFile } from './write-synth.js';
