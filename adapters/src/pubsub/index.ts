export * from './client.js';
export * from './publisher.js';
