import { type NotifiableEvent, type SystemError, Topic, allTopics, deadLetterTopicOf, derivedId } from '@cascade/core';
import type { Deps } from '@cascade/adapters/firestore';
import type { Mailer } from '@cascade/adapters/notify';
import { notifyEvent } from '../notify/notify.js';

/** The component name dead-letter alerts carry; an alert about an alert is never raised (no loop). */
export const DEAD_LETTER_COMPONENT = 'dead-letters';

/** A message as it arrives on a dead-letter topic (push body or CloudEvent, decoded). */
export interface DeadLetteredMessage {
  readonly messageId: string;
  readonly publishTime: number;
  readonly attributes: Readonly<Record<string, string>>;
  readonly data: Buffer;
}

/** Dead letters of these topics stop money from moving as decided: a person must look at once. */
const CRITICAL_SOURCES: readonly string[] = [Topic.TradingSignals, Topic.ExitsRequested];

/** The source topic of a dead-letter topic's message: ours carry it; Pub/Sub's own dead-lettering does not. */
export function sourceTopicOf(dlqTopic: string, attributes: Readonly<Record<string, string>>): string {
  return attributes.sourceTopic ?? allTopics.find((t) => deadLetterTopicOf(t) === dlqTopic) ?? dlqTopic.replace(/\.dlq$/, '');
}

/**
 * Why the message was dead-lettered: the reason our consumers attach, or Pub/Sub's delivery count
 * and subscription when it gave up after the subscription's maxDeliveryAttempts.
 */
export function deadLetterReason(attributes: Readonly<Record<string, string>>): string {
  if (attributes.reason) return attributes.reason;
  const n = attributes.CloudPubSubDeadLetterSourceDeliveryCount;
  const sub = attributes.CloudPubSubDeadLetterSourceSubscription;
  if (n || sub) return `not acknowledged after ${n ?? '?'} delivery attempts${sub ? ` on subscription ${sub}` : ''} (the consumer kept failing)`;
  return 'no reason recorded';
}

function isAlertAboutDeadLetter(dlqTopic: string, data: Buffer): boolean {
  if (dlqTopic !== deadLetterTopicOf(Topic.TradingEvents)) return false;
  try {
    const m = JSON.parse(data.toString('utf8')) as { type?: unknown; payload?: { component?: unknown } };
    return m.type === 'system.error' && m.payload?.component === DEAD_LETTER_COMPONENT;
  } catch {
    return false;
  }
}

/** The alert for one dead-lettered message: its id is derived from the message, so a redelivery alerts once. */
export function deadLetterAlertEvent(dlqTopic: string, m: DeadLetteredMessage, now: number): SystemError {
  const source = sourceTopicOf(dlqTopic, m.attributes);
  const id = derivedId('dlq-alert', `${dlqTopic}:${m.messageId}`);
  const what = m.attributes.eventId ? `event ${m.attributes.eventId}` : `message ${m.messageId}`;
  return {
    type: 'system.error',
    eventId: id,
    tsEvent: m.publishTime,
    tsInit: now,
    correlationId: m.attributes.eventId ?? id,
    causationId: m.attributes.eventId ?? null,
    payload: {
      component: DEAD_LETTER_COMPONENT,
      error: `${source} ${what} was dead-lettered: ${deadLetterReason(m.attributes)}. It is held on ${dlqTopic}; inspect with \`npm run cli -- dlq show --topic ${source} --id ${m.messageId}\`, replay with \`npm run cli -- dlq replay --topic ${source} --id ${m.messageId}\`.`,
      critical: CRITICAL_SOURCES.includes(source),
    },
  };
}

/**
 * Raise an alert for a dead-lettered message. The alert goes straight to the notifier (not through
 * trading.events): if delivering it failed and it were dead-lettered too, an alert about that alert
 * would follow, and so on — so an alert about a dead-letter alert is only logged.
 */
export async function alertDeadLetter(dlqTopic: string, m: DeadLetteredMessage, d: Deps, mail: Mailer | null): Promise<void> {
  if (isAlertAboutDeadLetter(dlqTopic, m.data)) {
    d.log(`dead-letters: a dead-letter alert was itself dead-lettered (${deadLetterReason(m.attributes)}); not alerting again`);
    return;
  }
  const e: NotifiableEvent = deadLetterAlertEvent(dlqTopic, m, d.clock.now());
  d.log(`dead-letters: ${e.payload.error}`);
  await notifyEvent(e, d, mail);
}
