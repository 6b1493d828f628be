import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { type Topic, allTopics, deadLetterTopicOf, isBinaryFrame, readBinaryFrame } from '@cascade/core';
import { DeadLetterHold, type HeldMessage } from '@cascade/adapters/pubsub';
import { deadLetterHoldSubscription } from '@cascade/infra';
import type { CliCommand } from '../command.js';

const HELP = `Usage: npm run cli -- dlq list|show|replay --topic T [options]

Dead letters: messages a consumer could not handle (malformed, or not acknowledged after the
subscription's delivery attempts) are held on <topic>.dlq's hold subscription for 7 days, and each
one raised an alert with its reason. Look at them, and replay them once the cause is fixed.

  list     One line per held message: id, time, reason. Nothing is consumed.
  show     A message in full (attributes and body). Needs --id.
  replay   Publish messages back to their topic (with replayOf=<id>), then remove them from the hold.
           Needs --id ID (repeatable) or --all.

Options:
  --topic T          ${allTopics.join(' | ')}
  --id ID            a message id from \`list\` (show, replay; repeatable for replay)
  --all              replay every held message
  --max N            most messages to read (default 1000)
  --json             machine-readable output
  --project ID       Google Cloud project (default: GCLOUD_PROJECT, or demo-cascade with the emulator)

Against the local stack, set PUBSUB_EMULATOR_HOST (npm start prints it). Against a real project,
authenticate first: gcloud auth application-default login.`;

function line(m: HeldMessage): string {
  const reason = m.attributes.reason ?? (m.attributes.CloudPubSubDeadLetterSourceDeliveryCount ? `not acknowledged after ${m.attributes.CloudPubSubDeadLetterSourceDeliveryCount} delivery attempts` : 'no reason recorded');
  return `${m.messageId}  ${new Date(m.publishTime).toISOString()}  ${m.attributes.eventId ?? ''}  ${reason}`;
}

/**
 * The body as text: the bytes as UTF-8, or for a binary trade batch (columnar-bin-v1) its message
 * with the columns as plain arrays, so a person can read it; a frame that cannot even be read back
 * is shown as base64 after the reason.
 */
function bodyText(data: Buffer): string {
  if (!isBinaryFrame(data)) return data.toString('utf8');
  const frame = readBinaryFrame(data);
  if (!frame.ok) return `(binary frame, unreadable: ${frame.reason}) base64:${data.toString('base64')}`;
  return JSON.stringify(frame.message, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
}

function full(m: HeldMessage): string {
  const text = bodyText(m.data);
  let body = text;
  try {
    body = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (often the very reason it was dead-lettered): shown as received.
  }
  return [`id          ${m.messageId}`, `received    ${new Date(m.publishTime).toISOString()}`, 'attributes', ...Object.entries(m.attributes).map(([k, v]) => `  ${k}: ${v}`), 'body', body].join('\n');
}

const asJson = (m: HeldMessage) => ({ messageId: m.messageId, publishTime: new Date(m.publishTime).toISOString(), attributes: m.attributes, data: bodyText(m.data) });

export const dlqCommand: CliCommand = {
  name: 'dlq',
  summary: 'List, show and replay dead-lettered messages',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { topic: { type: 'string' }, id: { type: 'string', multiple: true }, all: { type: 'boolean' }, max: { type: 'string' }, json: { type: 'boolean' }, project: { type: 'string' } },
    });
    const action = positionals[0];
    if (action !== 'list' && action !== 'show' && action !== 'replay') {
      console.error(`dlq: say what to do: list, show or replay\n\n${HELP}`);
      return 2;
    }
    const topic = values.topic as Topic | undefined;
    if (!topic || !allTopics.includes(topic)) {
      console.error(`dlq: --topic must be one of ${allTopics.join(', ')}${values.topic ? ` (got "${values.topic}")` : ''}`);
      return 2;
    }
    const max = values.max === undefined ? 1000 : Number(values.max);
    if (!Number.isInteger(max) || max < 1) {
      console.error(`dlq: --max must be a whole number ≥ 1, got "${values.max}"`);
      return 2;
    }
    const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? (process.env.PUBSUB_EMULATOR_HOST ? 'demo-cascade' : undefined);
    if (!projectId) {
      console.error('dlq: no project: pass --project ID, set GCLOUD_PROJECT, or set PUBSUB_EMULATOR_HOST for the local emulator.');
      return 2;
    }
    const ids = values.id ?? [];
    if (action === 'show' && ids.length !== 1) {
      console.error('dlq show: give one --id (see `dlq list`)');
      return 2;
    }
    if (action === 'replay' && ids.length === 0 && !values.all) {
      console.error('dlq replay: give --id ID (repeatable) or --all');
      return 2;
    }
    const pubsub = new PubSub({ projectId });
    const hold = new DeadLetterHold(pubsub, projectId, deadLetterHoldSubscription(topic));
    try {
      if (action === 'list') {
        const held = await hold.list(max);
        if (values.json) console.log(JSON.stringify(held.map(asJson)));
        else {
          console.log(`${held.length} message(s) held on ${deadLetterTopicOf(topic)}`);
          for (const m of held) console.log(line(m));
        }
        return 0;
      }
      if (action === 'show') {
        const m = (await hold.list(max)).find((x) => x.messageId === ids[0]);
        if (!m) {
          console.error(`dlq show: no message ${ids[0]} is held on ${deadLetterTopicOf(topic)} (see \`dlq list --topic ${topic}\`)`);
          return 1;
        }
        console.log(values.json ? JSON.stringify(asJson(m)) : full(m));
        return 0;
      }
      const r = await hold.replay(topic, values.all ? null : ids, max);
      if (values.json) console.log(JSON.stringify({ replayed: r.replayed.map((m) => m.messageId), missing: r.missing }));
      else {
        for (const m of r.replayed) console.log(`replayed ${m.messageId} → ${topic}`);
        for (const id of r.missing) console.error(`not held: ${id}`);
        console.log(`${r.replayed.length} replayed${r.missing.length ? `, ${r.missing.length} not found` : ''}`);
      }
      return r.missing.length > 0 ? 1 : 0;
    } finally {
      await hold.close();
      await pubsub.close();
    }
  },
};
