export * from './sizing/index.js';
export * from './portfolio/index.js';
