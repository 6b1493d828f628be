export * from './perp-terms.js';
export * from './funding-schedule.js';
export * from './funding-payment.js';
export * from './funding-rate-series.js';
export * from './funding-rate-file.js';
export * from './liquidation-price.js';
