export * from './trailing-stop.js';
export * from './exit-config.js';
export * from './exit-flow.js';
export * from './position-monitor.js';
export * from './protective-stop-plan.js';
