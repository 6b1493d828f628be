import { describe, expect, it } from 'vitest';
import { DataKind, type DataSeries, Market } from './binance-layout.js';
import { PlanError, planFiles } from './plan-files.js';

// Expected paths are written by hand from data.binance.vision's layout (binance-public-data README,
// python/utility.py get_path): data/<spot | futures/um>/<daily | monthly>/<kind>/<SYMBOL>[/<interval>]/<file>.

const spotAgg: DataSeries = { market: Market.Spot, symbol: 'BTCUSDT', kind: DataKind.AggTrades };
const umTrades: DataSeries = { market: Market.Um, symbol: 'BTCUSDT', kind: DataKind.Trades };
const longAgo = '2026-12-06';
const remote = (from: string, to: string, s: DataSeries = spotAgg, last = longAgo): string[] => planFiles(s, from, to, last).files.map((f) => f.remotePath);

describe('planning the files of a range', () => {
  it('takes the monthly zip for a range that is exactly one month', () => {
    expect(remote('2024-01-01', '2024-01-31')).toEqual(['data/spot/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-01.zip']);
  });

  it('takes daily zips for part of a month, across a month end and a leap day', () => {
    expect(remote('2024-02-27', '2024-03-01')).toEqual([
      'data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-02-27.zip',
      'data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-02-28.zip',
      'data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-02-29.zip',
      'data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-03-01.zip',
    ]);
  });

  it('mixes: days of the first partial month, whole months in the middle, days of the last (futures path)', () => {
    expect(remote('2024-01-29', '2024-04-02', umTrades)).toEqual([
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-01-29.zip',
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-01-30.zip',
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-01-31.zip',
      'data/futures/um/monthly/trades/BTCUSDT/BTCUSDT-trades-2024-02.zip',
      'data/futures/um/monthly/trades/BTCUSDT/BTCUSDT-trades-2024-03.zip',
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-04-01.zip',
      'data/futures/um/daily/trades/BTCUSDT/BTCUSDT-trades-2024-04-02.zip',
    ]);
  });

  it('puts klines under their interval, remotely and locally', () => {
    const plan = planFiles({ market: Market.Um, symbol: 'ETHUSDT', kind: DataKind.Klines, interval: '15m' }, '2024-02-01', '2024-02-29', longAgo);
    expect(plan.files).toEqual([
      {
        period: 'monthly',
        label: '2024-02',
        fileName: 'ETHUSDT-15m-2024-02.zip',
        remotePath: 'data/futures/um/monthly/klines/ETHUSDT/15m/ETHUSDT-15m-2024-02.zip',
        localPath: 'binance/um/ETHUSDT/klines/15m/ETHUSDT-15m-2024-02.zip',
      },
    ]);
    expect(remote('2024-03-31', '2024-04-01', { market: Market.Spot, symbol: 'BTCUSDT', kind: DataKind.Klines, interval: '1m' })).toEqual([
      'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-03-31.zip',
      'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-04-01.zip',
    ]);
  });

  it('fetches funding rates by whole months only, saying so for a partial one', () => {
    const plan = planFiles({ market: Market.Um, symbol: 'BTCUSDT', kind: DataKind.FundingRate }, '2024-01-10', '2024-02-29', longAgo);
    expect(plan.files.map((f) => f.remotePath)).toEqual([
      'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip',
      'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-02.zip',
    ]);
    expect(plan.files.map((f) => f.localPath)).toEqual([
      'binance/um/BTCUSDT/fundingRate/BTCUSDT-fundingRate-2024-01.zip',
      'binance/um/BTCUSDT/fundingRate/BTCUSDT-fundingRate-2024-02.zip',
    ]);
    expect(plan.notes).toEqual(['fundingRate is published by month only: fetching all of 2024-01']);
  });

  it('stops at the last published day and fetches an unfinished month day by day', () => {
    const plan = planFiles(spotAgg, '2024-01-29', '2024-02-29', '2024-02-02');
    expect(plan.files.map((f) => f.label)).toEqual(['2024-01-29', '2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02']);
    expect(plan.notes[0]).toContain('days after 2024-02-02 are not published yet');
  });

  it('refuses a backwards range and a range that starts after the last published day', () => {
    expect(() => planFiles(spotAgg, '2024-02-01', '2024-01-31', longAgo)).toThrow(PlanError);
    expect(() => planFiles(spotAgg, '2024-02-03', '2024-02-05', '2024-02-02')).toThrow(/nothing from 2024-02-03 is published yet/);
  });
});
