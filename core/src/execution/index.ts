export * from './money.js';
export * from './paper-fill.js';
