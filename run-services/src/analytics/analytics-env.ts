import { z } from 'zod';
import { PortfolioRiskConfigSchema } from '@cascade/core';
import { type EnvSpec, flag, millis, oneOf, optional, text } from '../shared/service-env.js';

/** Every variable the analytics service reads (issue 12 item 4); `--help` prints this list. */
export const analyticsEnv = {
  PORT: millis('status server port (/healthz, /readyz, /status); Cloud Run sets it', 8082),
  CASCADE_ANALYTICS_SHARD: { description: 'the shard this instance owns (one lease per shard; one Cloud Run service per shard)', defaultText: 'default', schema: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lower-case letters, digits and dashes').default('default') },
  CASCADE_ANALYTICS_LEASE_MS: millis('shard lease length; a standby takes over this long after the owner stops renewing', 15_000),
  CASCADE_POSITION_SYNC_MS: millis('how often the exit monitor is rebuilt from active_positions', 15_000),
  CASCADE_DASHBOARD_STATUS_MS: { description: 'how often open positions\' marks and trailing stops are written for the dashboard (0: never)', defaultText: '1000', schema: z.coerce.number().int().nonnegative().default(1_000) },
  CASCADE_FUNNEL_STATUS_MS: { description: 'how often each market\'s level funnel is written for the dashboard (0: never); a busy market changes it every second, and each write is billed', defaultText: '30000', schema: z.coerce.number().int().nonnegative().default(30_000) },
  CASCADE_EXIT_REPUBLISH_MS: millis('an exit request whose position is still open this long later is published again', 30_000),
  CASCADE_STRATEGY_CONFIG: text('strategy_configs document the engine follows', 'default'),
  CASCADE_WARMUP: oneOf('where the regime warms up from at start', ['none', 'venue', 'store', 'file'] as const, 'none'),
  CASCADE_WARMUP_FILE: text('with CASCADE_WARMUP=file: a Binance kline CSV or ccxt OHLCV JSON', ''),
  CASCADE_STORE_DIR: text('directory of the per-symbol DuckDB candle store (empty: none)', ''),
  CASCADE_REPLAY_SETTLE: flag('replays: wait for each setup and exit to settle before the next batch'),
  CASCADE_PUBLISH_TWICE: flag('tests: publish every message twice (at-least-once drills)'),
  CASCADE_RISK_STARTING_EQUITY: optional('paper equity the portfolio risk starts from (default: the strategy config\'s paper.startingEquity)', z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount, e.g. 10000')),
  CASCADE_PORTFOLIO_RISK: optional(
    'JSON PortfolioRiskConfig overriding the default, e.g. {"enabled":false}',
    z.string().transform((s, ctx) => {
      try {
        return PortfolioRiskConfigSchema.parse(JSON.parse(s));
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `not a PortfolioRiskConfig: ${(e as Error).message.slice(0, 200)}` });
        return z.NEVER;
      }
    }),
  ),
  K_SERVICE: optional('set by Cloud Run: the status server then listens on every interface', z.string()),
  CASCADE_LOG_FORMAT: oneOf('json: one Cloud Logging entry per line with severity and the correlation id (the image sets it); text: plain lines', ['text', 'json'] as const, 'text'),
  GOOGLE_CLOUD_PROJECT: optional('the project, for log entries\' trace field (Cloud Run sets it; the Google clients read it too)', z.string()),
} satisfies EnvSpec;
