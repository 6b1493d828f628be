export * from './connection-pool.js';
export * from './decimal-text.js';
export * from './retention.js';
export * from './rows.js';
export * from './schema.js';
export * from './symbol-path.js';
export * from './symbol-store.js';
export * from './trading-store.js';
