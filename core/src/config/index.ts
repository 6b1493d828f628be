export * from './strategy-config.js';
export * from './market-config.js';
export * from './module-config.js';
export * from './watchlist-entry.js';
export * from './notification-settings.js';
export * from './config-registry.js';
