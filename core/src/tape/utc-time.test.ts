import { describe, expect, it } from 'vitest';
import { epochSecondsTextToMs, epochTextToMs, epochToMs, parseUtcDateTime } from './utc-time.js';

describe('parseUtcDateTime', () => {
  it('reads pandas, ISO and TrueFX raw timestamps as UTC ms', () => {
    // python3: datetime(2013,1,1,22,0,0,295000,tzinfo=utc).timestamp()*1000 = 1357077600295
    expect(parseUtcDateTime('2013-01-01 22:00:00.295000+00:00')).toBe(1357077600295);
    expect(parseUtcDateTime('2013-01-01T22:00:00.295Z')).toBe(1357077600295);
    expect(parseUtcDateTime('20130101 22:00:00.295')).toBe(1357077600295);
    // pandas drops the fraction on whole seconds (truefx-usdjpy-quotes-2013-01.csv line 117)
    expect(parseUtcDateTime('2013-01-01 22:09:27+00:00')).toBe(1357078167000);
  });

  it('applies zone offsets and truncates sub-millisecond digits', () => {
    expect(parseUtcDateTime('2013-01-01 23:00:00+01:00')).toBe(parseUtcDateTime('2013-01-01 22:00:00Z'));
    expect(parseUtcDateTime('2013-01-01 17:00:00-0500')).toBe(parseUtcDateTime('2013-01-01 22:00:00Z'));
    expect(parseUtcDateTime('2013-01-01 22:00:00.295999')).toBe(1357077600295);
  });

  it('is NaN for text that is not a date-time', () => {
    expect(parseUtcDateTime('yesterday')).toBeNaN();
    expect(parseUtcDateTime('2013-13-01 00:00:00')).toBeNaN();
    expect(parseUtcDateTime('')).toBeNaN();
  });
});

describe('epoch units', () => {
  it('tells microseconds (Binance spot since 2025) from milliseconds by magnitude', () => {
    expect(epochToMs(1704067200000)).toBe(1704067200000);
    expect(epochToMs(1735689600000123)).toBe(1735689600000);
    expect(epochToMs(1735689600000999)).toBe(1735689600000); // truncated, never rounded up
    expect(epochToMs(1.7356896e18)).toBe(1735689600000); // nanoseconds
    expect(epochTextToMs('1735689600000123')).toBe(1735689600000);
    expect(epochTextToMs('1675329600138.0')).toBe(1675329600138);
    expect(epochTextToMs('')).toBeNaN();
    expect(epochTextToMs('12a')).toBeNaN();
  });

  it('reads Kraken epoch seconds, integer or fractional', () => {
    expect(epochSecondsTextToMs('1672531436')).toBe(1672531436000);
    expect(epochSecondsTextToMs('1672531436.1239')).toBe(1672531436123);
    expect(epochSecondsTextToMs('1672531436.5')).toBe(1672531436500);
    expect(epochSecondsTextToMs('x')).toBeNaN();
  });
});
