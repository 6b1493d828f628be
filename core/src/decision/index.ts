export * from './score-setup.js';
export * from './levels/index.js';
export * from './signal-payload.js';
