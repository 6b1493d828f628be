export * from './level.js';
export * from './level-funnel.js';
export * from './levels-config.js';
export * from './zone-hit.js';
export * from './stop-reasons.js';
export * from './regime-stop.js';
export * from './zone-stop.js';
export * from './score-funnel.js';
