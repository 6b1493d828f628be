export * from './resources.js';
export * from './target.js';
export * from './desired.js';
export * from './diff.js';
export * from './render.js';
export * from './scope.js';
