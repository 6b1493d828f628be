export * from './secrets.js';
export * from './venue-credentials.js';
