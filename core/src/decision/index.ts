export * from './score-setup.js';
export * from './levels/index.js';
