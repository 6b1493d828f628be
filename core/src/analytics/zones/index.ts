export * from './zone.js';
export * from './zone-config.js';
export * from './zone-strength.js';
export * from './rejection.js';
export * from './zone-tracker.js';
export * from './bounce.js';
