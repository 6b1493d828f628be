import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { deleteDoc, doc, getDoc, setDoc, setLogLevel } from 'firebase/firestore';
import { seedDocuments } from '@cascade/core';
import { repoRoot } from '../../tools/src/local/stack.js';
import { uniqueProjectId } from '../support/stack-harness.js';

/** Collections the operator edits from the console (admin read + write). */
const configDocs = [
  'strategy_configs/default',
  'market_configs/binance_spot',
  'modules/scalper',
  'watchlists/binance_spot',
  'watchlists/binance_spot/symbols/XRP-ETH',
  'notification_settings/default',
  'forex_accounts/ftmo-1',
];
/** Trading state and records the server writes (admin read only). */
const stateDocs = [
  'signals/s1',
  'orders/c1',
  'active_positions/p1',
  'paper_accounts/binance:USDT',
  'position_slots/binance:BTC-USDT_USDT',
  'watchlist_notices/n1',
  'trade_history/t1',
  'portfolio/2026-11-21',
  'risk_state/current',
  'notifications/n1',
  'config_events/e1',
  'reconciliations/r1',
  'reports/2026-11-21',
  'notification_digests/digest-1',
  'notification_throttle/t1',
  'config_active/strategy_configs~default',
  // The dashboard's live status (issue 13).
  'stream_status/binance',
  'funnels/binance_ETH-USDT',
];
/** Not in the data model at all: the catch-all must deny it. */
const unknownDocs = ['rate_limits/caller-1', 'anything/else'];

describe('firestore.rules on the Firestore emulator', () => {
  let env: RulesTestEnvironment;

  beforeAll(async () => {
    // Denied writes are the point of these tests; the SDK would log each one as a stream error.
    setLogLevel('silent');
    const [host, port] = inject('firestoreHost').split(':');
    env = await initializeTestEnvironment({
      projectId: uniqueProjectId('rules'),
      firestore: { host: host as string, port: Number(port), rules: readFileSync(join(repoRoot, 'firestore.rules'), 'utf8') },
    });
    // Seed every document with rules off, so reads test the rules and not a missing document.
    await env.withSecurityRulesDisabled(async (ctx) => {
      for (const path of [...configDocs, ...stateDocs, ...unknownDocs]) await setDoc(doc(ctx.firestore(), path), { seeded: true });
    });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const users = () => ({
    unauthenticated: env.unauthenticatedContext().firestore(),
    signedIn: env.authenticatedContext('alice', { email: 'alice@example.com' }).firestore(),
    admin: env.authenticatedContext('root', { admin: true }).firestore(),
  });

  it.each(configDocs)('config %s: only admins read and write', async (path) => {
    const u = users();
    await assertFails(getDoc(doc(u.unauthenticated, path)));
    await assertFails(getDoc(doc(u.signedIn, path)));
    await assertFails(setDoc(doc(u.unauthenticated, path), { enabled: false }));
    await assertFails(setDoc(doc(u.signedIn, path), { enabled: false }));
    await assertSucceeds(getDoc(doc(u.admin, path)));
    await assertSucceeds(setDoc(doc(u.admin, path), { enabled: true }, { merge: true }));
  });

  it.each(stateDocs)('state %s: admins read, nobody writes from a client', async (path) => {
    const u = users();
    await assertFails(getDoc(doc(u.unauthenticated, path)));
    await assertFails(getDoc(doc(u.signedIn, path)));
    await assertSucceeds(getDoc(doc(u.admin, path)));
    await assertFails(setDoc(doc(u.unauthenticated, path), { forged: true }));
    await assertFails(setDoc(doc(u.signedIn, path), { forged: true }));
    await assertFails(setDoc(doc(u.admin, path), { forged: true }));
    await assertFails(deleteDoc(doc(u.admin, path)));
  });

  it.each(unknownDocs)('unknown %s: denied to everyone', async (path) => {
    const u = users();
    for (const db of [u.unauthenticated, u.signedIn, u.admin]) {
      await assertFails(getDoc(doc(db, path)));
      await assertFails(setDoc(doc(db, path), { x: 1 }));
    }
  });

  it('a forbidden write really does not land: a non-admin cannot forge a filled order', async () => {
    const u = users();
    const err = await assertFails(setDoc(doc(u.signedIn, 'orders/forged'), { status: 'filled', qty: '1000000' }));
    expect(String((err as { code?: string }).code)).toMatch(/permission-denied/i);
    await env.withSecurityRulesDisabled(async (ctx) => {
      const snap = await getDoc(doc(ctx.firestore(), 'orders/forged'));
      expect(snap.exists()).toBe(false);
    });
  });

  it('credentials are refused in plaintext: config documents may only reference Secret Manager', async () => {
    const u = users();
    await assertFails(setDoc(doc(u.admin, 'forex_accounts/ftmo-2'), { broker: 'mt5', login: '123', password: 'hunter2' }));
    await assertFails(setDoc(doc(u.admin, 'modules/scalper'), { apiKey: 'abc', enabled: true }));
    await assertSucceeds(setDoc(doc(u.admin, 'forex_accounts/ftmo-2'), { broker: 'mt5', login: '123', passwordSecretRef: 'projects/p/secrets/ftmo-2-password/versions/latest' }));
  });

  // Issue 11 item 12: nested credentials and other usual names passed the top-level-only check.
  it.each<[string, Record<string, unknown>, string]>([
    ['modules/scalper', { enabled: true, credentials: { apiKey: 'abc', secret: 'def' } }, 'a credentials map'],
    ['modules/scalper', { enabled: true, venue: { credentials: { apiKey: 'abc' } } }, 'a credentials map one level down'],
    ['market_configs/binance_spot', { exchange: 'binance', secretKey: 'abc' }, 'secretKey'],
    ['market_configs/binance_spot', { exchange: 'binance', keys: { secretKey: 'abc' } }, 'a nested secretKey'],
    ['notification_settings/default', { telegram: { enabled: true, botToken: '123:ABC', chatId: '1' } }, 'a Telegram botToken'],
    ['notification_settings/default', { discord: { enabled: true, webhookUrl: 'https://discord.com/api/webhooks/1/x' } }, 'a Discord webhook URL'],
    ['notification_settings/default', { webhooks: [{ url: 'https://ops.example.com/a', secretRef: 'projects/p/secrets/k/versions/latest' }, { url: 'https://hooks.slack.com/services/T/B/X', secretRef: 'projects/p/secrets/k/versions/latest' }] }, 'a Slack hook URL as a plain webhook url'],
    ['notification_settings/default', { webhooks: [{ url: 'https://ops.example.com/a?token=abc', secretRef: 'projects/p/secrets/k/versions/latest' }] }, 'a token in a webhook URL query'],
    ['strategy_configs/default', { exits: { apiSecret: 'abc' } }, 'apiSecret inside a section'],
  ])('refuses %s with %s (%s)', async (path, data) => {
    const u = users();
    await assertFails(setDoc(doc(u.admin, path), data));
  });

  it('still accepts the documented shapes: references to secrets, and a plain webhook URL', async () => {
    const u = users();
    await assertSucceeds(setDoc(doc(u.admin, 'modules/scalper'), { enabled: true, mode: 'live', credentialsSecretRef: 'projects/p/secrets/binance/versions/latest' }));
    await assertSucceeds(
      setDoc(doc(u.admin, 'notification_settings/default'), {
        email: { enabled: true, to: ['ops@example.com'] },
        telegram: { enabled: true, botTokenSecretRef: 'projects/p/secrets/tg/versions/latest', chatId: '1' },
        discord: { enabled: true, webhookUrlSecretRef: 'projects/p/secrets/dc/versions/latest' },
        webhooks: [{ url: 'https://ops.example.com/cascade', secretRef: 'projects/p/secrets/k/versions/latest' }, { urlSecretRef: 'projects/p/secrets/slack/versions/latest', secretRef: 'projects/p/secrets/k/versions/latest' }],
      }),
    );
    await assertSucceeds(setDoc(doc(u.admin, 'strategy_configs/default'), { exits: { maxHoldMs: 1_800_000, trailingStop: { tokenBucket: 3 } }, regime: { adx: { period: 14 } } }));
    // Every seeded default document passes (the unrolled checks stay within the rules' limits).
    for (const { path, data } of seedDocuments()) await assertSucceeds(setDoc(doc(u.admin, path), data));
  });
});
