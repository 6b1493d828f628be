export * from './fair-value-gap.js';
export * from './fvg-config.js';
export * from './fvg-tracker.js';
