export * from './latency-gate.js';
export * from './recent-volume.js';
export * from './reference-fill.js';
export * from './trading-session.js';
export * from './market-watch.js';
export * from './paper-account.js';
export * from './paper-execute.js';
