export * from './money.js';
export * from './paper-fill.js';
export * from './chain/index.js';
