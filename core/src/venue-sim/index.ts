export * from './sim-venue-model.js';
export * from './sim-order.js';
export * from './sim-fill.js';
export * from './slippage.js';
export * from './rolling-sum.js';
export * from './sim-venue.js';
