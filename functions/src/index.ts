import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { setGlobalOptions } from 'firebase-functions/v2';
import { Topic } from '@cascade/core';
import { handleSetup } from './handlers/decide.js';
import { handleSignal } from './handlers/execute-signal.js';
import { handleExit } from './handlers/execute-exit.js';
import { handleTradingEvent } from './handlers/notify.js';
import { sendgridApiKey } from './adapters/mailer.js';

// Functions that change money run one message at a time per instance; scale-out is Pub/Sub's job.
setGlobalOptions({ region: 'europe-west1', concurrency: 1, maxInstances: 20 });

export { handleSetup, handleSignal, handleExit, handleTradingEvent };

export const decide = onMessagePublished({ topic: Topic.AnalyticsSetups, retry: true }, handleSetup);
export const executeSignal = onMessagePublished({ topic: Topic.TradingSignals, retry: true }, handleSignal);
export const executeExit = onMessagePublished({ topic: Topic.ExitsRequested, retry: true }, handleExit);
export const notify = onMessagePublished({ topic: Topic.TradingEvents, retry: true, secrets: [sendgridApiKey] }, handleTradingEvent);
