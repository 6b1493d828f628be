export * from './client.js';
export * from './publisher.js';
export * from './dead-letter-hold.js';
