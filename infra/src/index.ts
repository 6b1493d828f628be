export * from './pubsub/subscriptions.js';
export * from './pubsub/provision.js';
