import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topic, deadLetterTopicOf, derivedId } from '@cascade/core';
import { repoRoot } from '../../tools/src/local/stack.js';
import { type Harness, startHarness, waitFor } from '../support/stack-harness.js';

const run = promisify(execFile);

/** Issue 11 item 10: nothing read `*.dlq.hold` and dead-lettering raised no alert. */
describe('dead letters someone sees: an alert per dead letter, and `npm run cli -- dlq list|show|replay`', () => {
  let h: Harness;
  const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const env = { ...process.env, PUBSUB_EMULATOR_HOST: h.stack.pubsubHost, GCLOUD_PROJECT: h.stack.projectId, METADATA_SERVER_DETECTION: 'none' };
    try {
      const r = await run(process.execPath, ['--import', 'tsx', 'tools/src/cli/main.ts', 'dlq', ...args], { cwd: repoRoot, env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };
  const held = async (): Promise<{ messageId: string; attributes: Record<string, string>; data: string }[]> => {
    const r = await cli('list', '--topic', Topic.TradingSignals, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { messageId: string; attributes: Record<string, string>; data: string }[];
  };

  beforeAll(async () => {
    // The jobs host also serves the dead-letter alert pushes locally (scheduler: true starts it).
    h = await startHarness('dlqops', { noStreamer: true, scheduler: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a malformed signal is dead-lettered by execute, held, listed without being consumed, and raises a critical alert naming the reason', async () => {
    await h.stack.pubsub.topic(Topic.TradingSignals).publishMessage({ data: Buffer.from('{"type":"signal.generated", broken') });
    const [m] = await waitFor('the dead letter on the hold subscription', async () => {
      const l = await held();
      return l.length > 0 ? l : null;
    });
    expect(m!.attributes.reason).toMatch(/^not JSON: /);
    expect(m!.data).toBe('{"type":"signal.generated", broken');
    // Listing did not consume it.
    expect((await held()).map((x) => x.messageId)).toEqual([m!.messageId]);

    // The alert: one notifications document per dead letter, id derived from the dead-letter message.
    const alertId = derivedId('dlq-alert', `${deadLetterTopicOf(Topic.TradingSignals)}:${m!.messageId}`);
    const doc = await waitFor('the dead-letter alert', async () => {
      const s = await h.monitor.db.collection('notifications').doc(alertId).get();
      return s.exists ? s : null;
    });
    expect(doc.get('eventType')).toBe('system.error');
    expect(doc.get('severity')).toBe('critical');
    expect(String(doc.get('subject'))).toContain('dead-letters');
    const text = await cli('show', '--topic', Topic.TradingSignals, '--id', m!.messageId);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('reason: not JSON');
    expect(text.stdout).toContain('{"type":"signal.generated", broken');
  });

  it('replay publishes the message back to its topic and removes it from the hold; asking for an id not held fails', async () => {
    const [before] = await held();
    const r = await cli('replay', '--topic', Topic.TradingSignals, '--id', before!.messageId);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`replayed ${before!.messageId}`);
    // Still malformed, so execute dead-letters the replay again: a new message, and the old one is gone.
    const after = await waitFor('the replayed message to be dead-lettered again', async () => {
      const l = await held();
      return l.length === 1 && l[0]!.messageId !== before!.messageId ? l : null;
    });
    expect(after[0]!.data).toBe(before!.data);
    const missing = await cli('replay', '--topic', Topic.TradingSignals, '--id', 'no-such-id');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not held: no-such-id');
  });

  it('refuses a topic it does not know, saying which exist', async () => {
    const r = await cli('list', '--topic', 'trading.signalz');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--topic must be one of market.trades, analytics.setups, trading.signals');
  });
});
