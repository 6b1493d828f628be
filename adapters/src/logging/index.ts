export * from './log-context.js';
export * from './structured-console.js';
