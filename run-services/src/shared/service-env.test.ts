import { describe, expect, it } from 'vitest';
import { analyticsEnv } from '../analytics/analytics-env.js';
import { streamerEnv } from '../streamer/streamer-env.js';
import { readServiceEnv, serviceEnvHelp } from './service-env.js';

describe('service environment, declared once', () => {
  it('an empty environment gives every default', () => {
    const e = readServiceEnv('analytics', analyticsEnv, {});
    expect(e).toMatchObject({ PORT: 8082, CASCADE_ANALYTICS_SHARD: 'default', CASCADE_ANALYTICS_LEASE_MS: 15_000, CASCADE_POSITION_SYNC_MS: 15_000, CASCADE_EXIT_REPUBLISH_MS: 30_000, CASCADE_WARMUP: 'none', CASCADE_REPLAY_SETTLE: false, CASCADE_PUBLISH_TWICE: false });
    expect(e.CASCADE_RISK_STARTING_EQUITY).toBeUndefined();
    expect(e.CASCADE_PORTFOLIO_RISK).toBeUndefined();
    expect(readServiceEnv('streamer', streamerEnv, {}).PORT).toBe(8081);
  });

  it('reads what is set, the JSON risk config parsed', () => {
    const e = readServiceEnv('analytics', analyticsEnv, { PORT: '9000', CASCADE_ANALYTICS_SHARD: 'b', CASCADE_REPLAY_SETTLE: '1', CASCADE_WARMUP: 'file', CASCADE_RISK_STARTING_EQUITY: '2500.5', CASCADE_PORTFOLIO_RISK: '{"enabled":false}' });
    expect(e.PORT).toBe(9000);
    expect(e.CASCADE_ANALYTICS_SHARD).toBe('b');
    expect(e.CASCADE_REPLAY_SETTLE).toBe(true);
    expect(e.CASCADE_WARMUP).toBe('file');
    expect(e.CASCADE_RISK_STARTING_EQUITY).toBe('2500.5');
    expect(e.CASCADE_PORTFOLIO_RISK?.enabled).toBe(false);
  });

  it('names every bad variable at once, with what it is for', () => {
    const bad = () => readServiceEnv('analytics', analyticsEnv, { CASCADE_ANALYTICS_LEASE_MS: '-5', CASCADE_WARMUP: 'venu', CASCADE_PORTFOLIO_RISK: '{nope', CASCADE_ANALYTICS_SHARD: 'Bad_Shard' });
    expect(bad).toThrow(/CASCADE_ANALYTICS_LEASE_MS="-5"/);
    expect(bad).toThrow(/CASCADE_WARMUP="venu"/);
    expect(bad).toThrow(/CASCADE_PORTFOLIO_RISK=.*not a PortfolioRiskConfig/);
    expect(bad).toThrow(/CASCADE_ANALYTICS_SHARD="Bad_Shard"/);
    expect(bad).toThrow(/see analytics --help/);
  });

  it('--help lists every declared variable with its default', () => {
    const help = serviceEnvHelp(analyticsEnv);
    for (const name of Object.keys(analyticsEnv)) expect(help).toContain(name);
    expect(help).toMatch(/CASCADE_ANALYTICS_LEASE_MS .*\(default 15000\)/);
  });
});
