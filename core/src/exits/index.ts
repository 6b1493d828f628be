export * from './trailing-stop.js';
export * from './position-monitor.js';
