import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Trade, defaultStrategyConfig, seedDocuments } from '@cascade/core';
import { plantedTape } from '@cascade/tools/synthetic';
import { backtestTape } from '../../tools/src/backtest/run-backtest.js';
import { repoRoot } from '../../tools/src/local/stack.js';
import { type Harness, startHarness, waitFor, writeTape } from '../support/stack-harness.js';
import { runStreamer } from '../support/service-process.js';
import { eventually } from '../support/eventually.js';
import { chromiumAvailability, launchChromium } from '../support/browser.js';
import { type FakeBinance, fakeSymbol, startFakeBinance } from '../fakes/binance/index.js';

const availability = chromiumAvailability();
if (!availability.run) console.warn(`dashboard browser test skipped: ${availability.why}`);

/** Screenshots of every page at both widths: kept as test artifacts (not committed). */
const ARTIFACTS = join(repoRoot, '.cascade/artifacts/dashboard');
const SYMBOL = 'XYZ/USDT';
const PAGES = ['live', 'activity', 'pnl', 'markets', 'notifications', 'control', 'reports'] as const;

/** Set on the page before the app loads: when each position row appeared and each trailing-stop text was first shown (wall ms). */
const WATCH_SCRIPT = `
  window.__seen = { rows: {}, trail: {}, firstView: null };
  new MutationObserver(() => {
    const now = Date.now();
    if (window.__seen.firstView === null && document.querySelector('#email, main[data-page]')) window.__seen.firstView = performance.now();
    for (const tr of document.querySelectorAll('tr[data-position-id]')) {
      const id = tr.getAttribute('data-position-id');
      if (!(id in window.__seen.rows)) window.__seen.rows[id] = now;
      const t = tr.querySelector('[data-field="trail"]')?.textContent ?? '';
      const k = id + '|' + t;
      if (!(k in window.__seen.trail)) window.__seen.trail[k] = now;
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

interface Seen {
  rows: Record<string, number>;
  trail: Record<string, number>;
  firstView: number | null;
}

async function signIn(page: Page, url: string, admin: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main[data-page]').waitFor();
}

async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: string[] }[]> {
  // axe-core's own build, injected as is (no CDN).
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
  // A string: this file is compiled without the DOM types; the code runs in the page.
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`);
}

/** The trades after the planted entry: buyers lift the price 3 % in 30 s, so the trailing stop ratchets up (and nothing exits a long). */
function risingTrades(after: Trade, n = 30): Trade[] {
  const out: Trade[] = [];
  for (let i = 1; i <= n; i += 1) {
    out.push({ id: String(Number(after.id) + i), ts: after.ts + i * 1_000, price: Math.round(after.price * (1 + (0.03 * i) / n) * 100) / 100, amount: 0.5, side: 'buy', sideInferred: false });
  }
  return out;
}

describe.skipIf(!availability.run)('dashboard in headless Chromium against the emulated stack (issue 13)', () => {
  let h: Harness;
  let browser: Browser;
  let fake: FakeBinance;
  let desk: BrowserContext;
  let page: Page;
  let url: string;
  let admin: { email: string; password: string };
  const metrics: Record<string, number> = {};
  // Two cycles: the backtest of the same tape then has two trades, enough for a curve on the reports page.
  const tape = plantedTape({ cycles: 2 });
  let entryTime = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Where the planted entry is: the backtester over the same tape (the stack is in parity with it, local-stack.test.ts).
    const btOut = mkdtempSync(join(tmpdir(), 'cascade-bt-'));
    const bt = await backtestTape(writeTape(tape), {}, { cfg: defaultStrategyConfig, out: btOut, startingEquity: '10000' });
    entryTime = bt.result.trades[0]?.entryTime ?? 0;
    const reportsDir = mkdtempSync(join(tmpdir(), 'cascade-reports-'));
    mkdirSync(join(reportsDir, 'backtests/planted'), { recursive: true });
    for (const f of readdirSync(btOut)) if (/\.(csv|json|html)$/.test(f)) writeFileSync(join(reportsDir, 'backtests/planted', f), readFileSync(join(btOut, f)));
    // The watchlist API checks symbols against the venue: here the Binance fake.
    fake = await startFakeBinance({ symbols: [fakeSymbol('PEPE', 'USDT')] });
    h = await startHarness('dash', { noStreamer: true, api: true, dashboard: { reportsDir }, env: { CCXT_OVERRIDES: JSON.stringify({ binance: fake.ccxtConfig }) } });
    if (!h.stack.dashboard) throw new Error('the stack started without the dashboard');
    url = h.stack.dashboard.url;
    admin = h.stack.dashboard.admin;
    for (const d of seedDocuments()) await h.monitor.db.doc(d.path).set(d.data);
    browser = await launchChromium();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await desk.newPage();
    await page.addInitScript(WATCH_SCRIPT);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await fake?.close();
    console.log(`dashboard metrics: ${JSON.stringify(metrics)}`);
  });

  it('serves a bundle under 300 kB gzipped and renders the first view quickly (both printed)', async () => {
    const dist = join(repoRoot, 'dashboard/dist');
    const files = [join(dist, 'index.html'), ...readdirSync(join(dist, 'assets')).map((f) => join(dist, 'assets', f))];
    metrics.bundleGzipKB = Math.round(files.reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0) / 102.4) / 10;
    console.log(`dashboard bundle: ${metrics.bundleGzipKB} kB gzipped (${files.length} files; budget 300)`);
    expect(metrics.bundleGzipKB).toBeLessThan(300);
    await page.goto(url);
    await page.getByLabel('Email').waitFor();
    const seen = (await page.evaluate('window.__seen')) as Seen;
    metrics.firstRenderMs = Math.round(seen.firstView ?? NaN);
    console.log(`dashboard first view (sign-in form) rendered ${metrics.firstRenderMs} ms after navigation start`);
    expect(Number.isFinite(metrics.firstRenderMs)).toBe(true);
  });

  it('refuses a wrong password and signs in the admin', async () => {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('[role="alert"]').count()).toBeGreaterThan(0);
    const t0 = Date.now();
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main[data-page="live"]').waitFor();
    await page.getByRole('heading', { name: 'Risk state' }).waitFor();
    metrics.signInToLiveViewMs = Date.now() - t0;
    console.log(`dashboard: sign-in to the live view ${metrics.signInToLiveViewMs} ms`);
  });

  it('shows a position when the stack fills one, then its trailing stop moving (latency printed)', async () => {
    const partA = tape.filter((t) => t.ts <= entryTime);
    await runStreamer(h, 'streamer-entry', writeTape(partA, 'entry-xyzusdt-trades.json'), SYMBOL);
    const pos = await waitFor('the planted entry to fill', async () => (await h.monitor.db.collection('active_positions').get()).docs[0] ?? null, 120_000);
    const row = page.locator(`tr[data-position-id="${pos.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    const seen1 = (await page.evaluate('window.__seen')) as Seen;
    metrics.positionToScreenMs = (seen1.rows[pos.id] ?? NaN) - (pos.get('createdAt') as number);
    console.log(`dashboard: position written → on screen ${metrics.positionToScreenMs} ms`);
    await expect.poll(() => row.locator('[data-field="mark"]').textContent(), { timeout: 30_000 }).not.toBe('—');
    const trailBefore = await row.locator('[data-field="trail"]').textContent();

    const last = partA.at(-1) as Trade;
    await runStreamer(h, 'streamer-rise', writeTape(risingTrades(last), 'rise-xyzusdt-trades.json'), SYMBOL);
    // The monitor's stop after the rise, as analytics wrote it; then the screen shows that level.
    const mark = await waitFor('the mark after the rise', async () => {
      const m = (await h.monitor.db.doc(`active_positions/${pos.id}`).get()).get('mark') as { price: number; trailStop: number; at: number } | undefined;
      return m && m.price >= Math.round(last.price * 1.03 * 100) / 100 - 0.01 ? m : null;
    }, 60_000);
    const shown = Number(mark.trailStop).toLocaleString('en-US', { maximumSignificantDigits: 8 });
    await expect.poll(() => row.locator('[data-field="trail"]').textContent(), { timeout: 30_000 }).toBe(shown);
    expect(shown).not.toBe(trailBefore);
    expect(mark.trailStop).toBeGreaterThan(Number(pos.get('entryPrice')));
    const seen2 = (await page.evaluate('window.__seen')) as Seen;
    metrics.stopMoveToScreenMs = (seen2.trail[`${pos.id}|${shown}`] ?? NaN) - mark.at;
    console.log(`dashboard: trailing stop ${trailBefore} → ${shown}; written → on screen ${metrics.stopMoveToScreenMs} ms`);
    // Unrealized P&L as the view computes it: (mark − entry) × amount, long.
    const upnl = await row.locator('[data-field="upnl"]').textContent();
    const expected = (mark.price - Number(pos.get('entryPrice'))) * Number(pos.get('amount'));
    expect(Number((upnl ?? '').replace(/[^0-9.-]/g, ''))).toBeCloseTo(expected, 2);
    await page.screenshot({ path: join(ARTIFACTS, 'live-1280.png'), fullPage: true });
  });

  it('shows that fill\'s signal (four levels, filter points), its order, the funnel, stream health and the notification', async () => {
    await page.goto(`${url}#/activity`);
    const signal = page.locator('[data-signal-id]').filter({ hasText: 'trade' }).first();
    await signal.waitFor();
    const text = (await signal.textContent()) ?? '';
    for (const level of ['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce', 'demand_zone']) expect(text).toContain(level);
    await page.getByRole('table', { name: 'Orders and fills' }).locator('tbody tr').filter({ hasText: 'filled' }).first().waitFor();
    await page.goto(`${url}#/markets`);
    await page.locator('[data-funnel]').filter({ hasText: 'level4_bounce' }).first().waitFor();
    // The replays ran to their end: the streamer's last status says so.
    await expect.poll(() => page.locator('[data-stream="binance"]').textContent(), { timeout: 15_000 }).toContain('XYZ/USDT');
    await page.goto(`${url}#/notifications`);
    await page.getByRole('table', { name: 'Notifications' }).locator('tbody tr').filter({ hasText: 'order.filled' }).first().waitFor();
    await page.goto(`${url}#/live`);
  });

  it('disables a module from the control page and Firestore has it', async () => {
    await page.goto(`${url}#/control`);
    const card = page.locator('[data-module="orderflow_scalp"]');
    const box = card.getByRole('checkbox');
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => card.textContent()).toContain('Disabled');
    await eventually(async () => (await h.monitor.db.doc('modules/orderflow_scalp').get()).get('enabled') === false, 10_000, 'modules/orderflow_scalp.enabled = false');
    await box.check();
    await eventually(async () => (await h.monitor.db.doc('modules/orderflow_scalp').get()).get('enabled') === true, 10_000, 'modules/orderflow_scalp.enabled = true');
    // An allocation over 1 is refused by ModuleConfigSchema at the field, and not written.
    await card.getByLabel('Capital allocation (0–1)').fill('1.5');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.locator('.field-error').textContent()).toMatch(/1/);
    expect((await h.monitor.db.doc('modules/orderflow_scalp').get()).get('capitalAllocation')).toBe(0.5);
  });

  it('refuses an invalid strategy config edit, naming the field, and writes nothing', async () => {
    const before = (await h.monitor.db.doc('strategy_configs/default').get()).data();
    const field = page.getByLabel('orderFlow.windowMs', { exact: true });
    await field.fill('500');
    await page.getByRole('button', { name: 'Validate and save' }).click();
    const err = page.locator('[data-error-for="orderFlow.windowMs"]');
    await err.waitFor();
    expect(await err.textContent()).toMatch(/1000/);
    expect(await page.locator('.config-form [role="alert"]').textContent()).toContain('orderFlow.windowMs');
    expect((await h.monitor.db.doc('strategy_configs/default').get()).data()).toEqual(before);
    // A valid edit goes through.
    await field.fill('20000');
    await page.getByRole('button', { name: 'Validate and save' }).click();
    await eventually(async () => (await h.monitor.db.doc('strategy_configs/default').get()).get('orderFlow.windowMs') === 20_000, 10_000, 'the valid edit');
  });

  it('adds, renews and removes a watchlist symbol through the watchlist API, and shows its refusal', async () => {
    const symbol = page.getByLabel('Symbol', { exact: true });
    const status = page.locator('[data-watch-status]');
    await symbol.fill('NOPE/USDT');
    await page.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^add refused: .*NOPE/);
    await symbol.fill('PEPE/USDT');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('[data-watch="PEPE/USDT"]').waitFor();
    await page.getByLabel('Hours').fill('48');
    await page.getByRole('button', { name: 'Renew' }).click();
    await expect.poll(() => status.textContent()).toBe('renew: PEPE/USDT done');
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.locator('[data-watch="PEPE/USDT"]').waitFor({ state: 'detached' });
    expect((await h.monitor.db.collection('watchlists/binance_spot/symbols').get()).size).toBe(0);
  });

  it('flattens only after the typed confirmation, through the API and the CLI close path', async () => {
    const button = page.getByRole('button', { name: 'Flatten all' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Type FLATTEN to confirm').fill('flatten');
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Type FLATTEN to confirm').fill('FLATTEN');
    await button.click();
    const result = page.locator('[data-flatten-result]');
    await result.waitFor({ timeout: 30_000 });
    // The stack trades paper: flatten-all closes live positions (as `cli flatten --all`), so nothing to close, nothing failed.
    expect(await result.textContent()).toBe('flatten: 0 closed, 0 not closed');
    expect((await h.monitor.db.collection('active_positions').get()).size).toBe(1);
  });

  it('opens a backtest report as its charts and trade table with a CSV download', async () => {
    await page.goto(`${url}#/reports`);
    await page.getByRole('button', { name: 'backtests/planted' }).click();
    const report = page.locator('[data-report="backtests/planted"]');
    const trades = report.getByRole('table', { name: 'backtests/planted trades' });
    await trades.waitFor();
    expect(await trades.locator('tbody tr').count()).toBe(2);
    expect(await report.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/trades\.csv$/);
    await report.locator('canvas').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'report-open-1280.png'), fullPage: true });
  });

  it('every page at 1280 px (light) and 390 px (dark): screenshots, no horizontal scroll, no axe violations, visible keyboard focus', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    await signIn(mobile, url, admin);
    const problems: string[] = [];
    for (const [p, width, name] of [[page, 1280, 'light'], [mobile, 390, 'dark']] as const) {
      for (const id of PAGES) {
        await p.goto(`${url}#/${id}`);
        await p.locator(`main[data-page="${id}"]`).waitFor();
        await p.waitForTimeout(400);
        await p.screenshot({ path: join(ARTIFACTS, `${id}-${width}-${name}.png`), fullPage: true });
        const overflow = (await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        if (overflow > 0) problems.push(`${id} at ${width}px scrolls sideways by ${overflow}px`);
        for (const v of await axeViolations(p)) problems.push(`${id} at ${width}px: ${v.id} (${v.impact}) ${v.nodes.join(', ')}`);
      }
      // Keyboard: on a fresh load the first Tab lands on the skip link, the next ones on the navigation, each with a visible outline.
      await p.goto(`${url}#/live`);
      await p.reload();
      await p.locator('main[data-page="live"]').waitFor();
      await p.keyboard.press('Tab');
      const focus = [];
      for (let i = 0; i < 3; i += 1) {
        focus.push((await p.evaluate(`({ text: document.activeElement?.textContent ?? '', outline: getComputedStyle(document.activeElement).outlineStyle })`)) as { text: string; outline: string });
        await p.keyboard.press('Tab');
      }
      if (focus[0]?.text !== 'Skip to content') problems.push(`${width}px: first Tab went to "${focus[0]?.text}"`);
      for (const f of focus) if (f.outline === 'none') problems.push(`${width}px: "${f.text}" has no visible focus outline`);
    }
    await phone.close();
    console.log(`dashboard screenshots in ${ARTIFACTS}`);
    expect(problems).toEqual([]);
  });
});
