export * from './candle.js';
export * from './candle-builder.js';
export * from './trade-window.js';
export * from './flow-window.js';
export * from './price-stats.js';
export * from './volume-profile.js';
export * from './symbol-analytics.js';
