export * from './backtest-result.js';
export * from './trade-returns.js';
export * from './risk-ratios.js';
export * from './historical-var.js';
export * from './drawdown.js';
export * from './trade-pnl-pct.js';
export * from './summary.js';
export * from './warm-up-before.js';
