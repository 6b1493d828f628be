export * from './bus/publisher.js';
export * from './pubsub/subscriptions.js';
export * from './pubsub/provision.js';
export * from './config/config-store.js';
