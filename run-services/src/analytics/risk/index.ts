export * from './exit-requests.js';
export * from './firestore-ledger.js';
export * from './risk-ledger.js';
export * from './risk-ports.js';
export * from './risk-service.js';
export * from './risk-state-store.js';
export * from './risk-timers.js';
export * from './start-risk-service.js';
