export * from './money.js';
export * from './closed-pnl.js';
export * from './chain/index.js';
