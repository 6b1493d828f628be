import type { PubSub, Topic as PubSubTopic } from '@google-cloud/pubsub';
import { type MessageOf, type Topic, type WireOf, deadLetterTopicOf, messageBytes, validateMessage } from '@cascade/core';

export interface PublisherOptions {
  /**
   * Fault injection for the at-least-once tests: publish every message twice. Pub/Sub may deliver
   * any message more than once; this makes "more than once" happen every time.
   */
  readonly publishTwice?: boolean;
  /** Batching for high-rate producers (the streamer); functions publish one message at a time. */
  readonly batching?: { maxMessages: number; maxMilliseconds: number };
}

/**
 * The one way messages leave a process: validated against the topic's schema (so a bug is caught at
 * the producer, not three hops later), encoded (`messageBytes`: JSON, or the binary frame of a
 * columnar-bin-v1 trade batch), with type/eventId/correlationId attributes.
 */
export class BusPublisher {
  private readonly topics = new Map<string, PubSubTopic>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly opts: PublisherOptions = {},
  ) {}

  async publish<T extends Topic>(topic: T, message: MessageOf<T> | WireOf<T>, orderingKey?: string): Promise<void> {
    // The consumers' own check (parseMessage validates the same way once the bytes are decoded).
    const checked = validateMessage(topic, message);
    if (!checked.ok) throw new Error(`refusing to publish an ${checked.reason}`);
    const bytes = messageBytes(message);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const attributes = { type: message.type, eventId: message.eventId, correlationId: message.correlationId };
    const t = this.topic(topic, orderingKey !== undefined);
    const send = () => t.publishMessage(orderingKey !== undefined ? { data, attributes, orderingKey } : { data, attributes });
    if (this.opts.publishTwice) await Promise.all([send(), send()]);
    else await send();
  }

  /** Route a message that cannot be processed to its topic's dead-letter topic, with the reason. */
  async deadLetter(topic: Topic, data: Buffer, reason: string, extra: Record<string, string> = {}): Promise<void> {
    const attributes = { reason: reason.slice(0, 1000), sourceTopic: topic, ...extra };
    await this.topic(deadLetterTopicOf(topic), false).publishMessage({ data, attributes });
  }

  /** After a failed ordered publish the client pauses that key until this is called. */
  resumeOrdering(topic: Topic, orderingKey: string): void {
    this.topics.get(`${topic}|true`)?.resumePublishing(orderingKey);
  }

  async flush(): Promise<void> {
    await Promise.all([...this.topics.values()].map((t) => t.flush()));
  }

  private topic(name: string, ordered: boolean): PubSubTopic {
    const key = `${name}|${ordered}`;
    let t = this.topics.get(key);
    if (!t) {
      t = this.pubsub.topic(name, {
        messageOrdering: ordered,
        batching: this.opts.batching ?? { maxMessages: 1, maxMilliseconds: 1 },
      });
      this.topics.set(key, t);
    }
    return t;
  }
}
