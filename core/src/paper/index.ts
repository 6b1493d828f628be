export * from './latency-gate.js';
export * from './recent-volume.js';
export * from './reference-fill.js';
export * from './paper-account.js';
export * from './paper-execute.js';
export * from './sim-venue-model.js';
export * from './slippage.js';
export * from './rolling-sum.js';
