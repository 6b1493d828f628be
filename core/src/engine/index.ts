export * from './market-watch.js';
export * from './trading-session.js';
