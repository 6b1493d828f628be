import type { CloudEvent } from 'firebase-functions/v2';
import { type MessagePublishedData, onMessagePublished } from 'firebase-functions/v2/pubsub';
import { Topic, deadLetterTopicOf } from '@cascade/core';
import { deps } from '../runtime/deps.js';
import { instanceMail } from '../notify/alert-ports.js';
import { sendgridApiKey } from '../runtime/params.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { alertDeadLetter } from './dead-letter-alert.js';

/** The handler bound to one dead-letter topic (exported for tests and the local host). */
export const handleDeadLetter =
  (dlqTopic: string) =>
  (event: CloudEvent<MessagePublishedData>): Promise<void> => {
    const msg = event.data?.message;
    const publishTime = Date.parse(msg?.publishTime ?? '');
    return alertDeadLetter(
      dlqTopic,
      { messageId: msg?.messageId ?? event.id, publishTime: Number.isFinite(publishTime) ? publishTime : Date.parse(event.time), attributes: msg?.attributes ?? {}, data: Buffer.from(msg?.data ?? '', 'base64') },
      deps(),
      instanceMail(),
    );
  };

const onDeadLetter = (topic: Topic) => onMessagePublished({ ...tradingFunctionOptions, topic: deadLetterTopicOf(topic), retry: true, secrets: [sendgridApiKey] }, handleDeadLetter(deadLetterTopicOf(topic)));

// One function per dead-letter topic (a Pub/Sub trigger has one topic): every dead letter raises an alert with its reason.
export const deadLetterAlertMarketTrades = onDeadLetter(Topic.MarketTrades);
export const deadLetterAlertAnalyticsSetups = onDeadLetter(Topic.AnalyticsSetups);
export const deadLetterAlertTradingSignals = onDeadLetter(Topic.TradingSignals);
export const deadLetterAlertExitsRequested = onDeadLetter(Topic.ExitsRequested);
export const deadLetterAlertTradingEvents = onDeadLetter(Topic.TradingEvents);
