export * from './order-flow-config.js';
export * from './order-flow-snapshot.js';
export * from './order-flow-state.js';
export * from './rolling-flow.js';
export * from './volume-spike.js';
export * from './trade-flag-ring.js';
