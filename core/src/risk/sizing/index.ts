export * from './risk-sizing-config.js';
export * from './exact-division.js';
export * from './leverage.js';
export * from './module-equity.js';
export * from './margin-buffer.js';
export * from './position-size.js';
