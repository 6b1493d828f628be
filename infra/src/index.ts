export * from './pubsub/subscriptions.js';
export * from './pubsub/provision.js';
export * from './pubsub/eventarc-dead-letters.js';
