import { type PubSub, v1 } from '@google-cloud/pubsub';

/** A dead-lettered message as held on a dead-letter topic's hold subscription. */
export interface HeldMessage {
  readonly messageId: string;
  /** UTC ms the message reached the dead-letter topic. */
  readonly publishTime: number;
  readonly attributes: Readonly<Record<string, string>>;
  readonly data: Buffer;
  /** How often the hold subscription has delivered it (Pub/Sub's count; 0 when not tracked). */
  readonly deliveryAttempt: number;
}

interface Leased {
  readonly ackId: string;
  readonly message: HeldMessage;
}

/** Attributes Pub/Sub or our dead-lettering added: a replay carries the original attributes only. */
const DEAD_LETTER_ATTRIBUTES = ['reason', 'sourceTopic', 'messageId', 'CloudPubSubDeadLetterSourceDeliveryCount', 'CloudPubSubDeadLetterSourceSubscription', 'CloudPubSubDeadLetterSourceSubscriptionProject', 'CloudPubSubDeadLetterSourceTopicPublishTime'];

/**
 * The hold subscription of one dead-letter topic, read without consuming: messages are pulled
 * (synchronous pull, so a listing ends), looked at, and released (ack deadline 0) unless replayed —
 * a replayed message is published to its source topic first and acknowledged only after that
 * succeeded, so a crash in between replays it twice at worst (consumers are idempotent), never zero.
 */
export class DeadLetterHold {
  private client: v1.SubscriberClient | null = null;

  constructor(
    private readonly pubsub: PubSub,
    private readonly projectId: string,
    /** Short name of the hold subscription, e.g. `trading.signals.dlq.hold`. */
    private readonly subscription: string,
  ) {}

  private get path(): string {
    return `projects/${this.projectId}/subscriptions/${this.subscription}`;
  }

  private async subscriber(): Promise<v1.SubscriberClient> {
    // The PubSub object's config carries the emulator endpoint and insecure credentials when
    // PUBSUB_EMULATOR_HOST is set; its type comes from the handwritten layer's copy of google-gax.
    this.client ??= new v1.SubscriberClient((await this.pubsub.getClientConfig()) as ConstructorParameters<typeof v1.SubscriberClient>[0]);
    return this.client;
  }

  /** Pull until the subscription answers empty (or `max` messages are held), leasing each for 60 s. */
  private async leaseAll(max: number): Promise<Leased[]> {
    const c = await this.subscriber();
    const out: Leased[] = [];
    const seen = new Set<string>();
    for (let empty = 0; empty < 2 && out.length < max; ) {
      const [res] = await c.pull({ subscription: this.path, maxMessages: Math.min(100, max - out.length), returnImmediately: true }, { timeout: 10_000 });
      const got = res.receivedMessages ?? [];
      if (got.length === 0) {
        empty += 1;
        continue;
      }
      for (const r of got) {
        const m = r.message;
        if (!r.ackId || !m?.messageId || seen.has(m.messageId)) continue;
        seen.add(m.messageId);
        const seconds = Number(m.publishTime?.seconds ?? 0);
        const nanos = Number(m.publishTime?.nanos ?? 0);
        out.push({
          ackId: r.ackId,
          message: { messageId: m.messageId, publishTime: seconds * 1000 + Math.floor(nanos / 1e6), attributes: { ...(m.attributes ?? {}) }, data: Buffer.from(m.data ?? ''), deliveryAttempt: r.deliveryAttempt ?? 0 },
        });
      }
    }
    return out;
  }

  private async release(ackIds: readonly string[]): Promise<void> {
    if (ackIds.length === 0) return;
    await (await this.subscriber()).modifyAckDeadline({ subscription: this.path, ackIds: [...ackIds], ackDeadlineSeconds: 0 });
  }

  /** Every held message (up to `max`), oldest first; nothing is consumed. */
  async list(max = 1000): Promise<HeldMessage[]> {
    const leased = await this.leaseAll(max);
    await this.release(leased.map((l) => l.ackId));
    return leased.map((l) => l.message).sort((a, b) => a.publishTime - b.publishTime);
  }

  /**
   * Publish the chosen held messages (by id; all when `ids` is null) back to `sourceTopic` with their
   * original attributes plus `replayOf`, then acknowledge them on the hold. Returns what was replayed
   * and the ids asked for that are not held.
   */
  async replay(sourceTopic: string, ids: readonly string[] | null, max = 1000): Promise<{ replayed: HeldMessage[]; missing: string[] }> {
    const leased = await this.leaseAll(max);
    const chosen = leased.filter((l) => ids === null || ids.includes(l.message.messageId));
    const others = leased.filter((l) => !chosen.includes(l));
    try {
      const topic = this.pubsub.topic(sourceTopic);
      for (const l of chosen) {
        const attributes: Record<string, string> = {};
        for (const [k, v] of Object.entries(l.message.attributes)) if (!DEAD_LETTER_ATTRIBUTES.includes(k)) attributes[k] = v;
        attributes.replayOf = l.message.messageId;
        await topic.publishMessage({ data: l.message.data, attributes });
        await (await this.subscriber()).acknowledge({ subscription: this.path, ackIds: [l.ackId] });
      }
    } finally {
      await this.release(others.map((l) => l.ackId));
    }
    const held = new Set(leased.map((l) => l.message.messageId));
    return { replayed: chosen.map((l) => l.message), missing: (ids ?? []).filter((id) => !held.has(id)) };
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = null;
  }
}
