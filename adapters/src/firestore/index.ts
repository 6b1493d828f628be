export * from './app.js';
export * from './config-store.js';
export * from './deps.js';
export * from './order-doc.js';
export * from './paper-ledger.js';
export * from './report-source.js';
export * from './stored-events.js';
export * from './strategy-config.js';
