export * from './level.js';
export * from './level-funnel.js';
export * from './levels-config.js';
export * from './zone-hit.js';
