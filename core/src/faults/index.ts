export * from './ccxt-error-tree.js';
export * from './classify-fault.js';
export * from './random.js';
export * from './sleeper.js';
export * from './retry-policy.js';
export * from './retry-with-backoff.js';
export * from './circuit-breaker.js';
