import { describe, expect, it } from 'vitest';
import { formatBenchLine, parseBenchLines, percentile } from './bench-line.js';

describe('bench line format (issue 14 item 7)', () => {
  it('prints the required fields first, in order, then the extras, on one line', () => {
    const text = formatBenchLine({ setups: 3, rssMB: 180, p99us: 2.1, name: 'analytics.planted.1sym', p50us: 0.4, tradesPerSec: 1234567 });
    expect(text).toBe('{"name":"analytics.planted.1sym","tradesPerSec":1234567,"p50us":0.4,"p99us":2.1,"rssMB":180,"setups":3}');
    expect(text).not.toContain('\n');
    // Nulls are kept (not dropped): a script sees "not measured", not a missing field.
    expect(formatBenchLine({ name: 'x', tradesPerSec: null, p50us: null, p99us: null, rssMB: 1 })).toBe('{"name":"x","tradesPerSec":null,"p50us":null,"p99us":null,"rssMB":1}');
  });

  it('reads lines back with their extras, skipping blank lines and compare results', () => {
    const text = [
      '{"name":"a","tradesPerSec":10,"p50us":1,"p99us":2,"rssMB":100,"cpuPct":55}',
      '',
      '{"name":"a","before":{},"after":{},"ratio":{}}',
      '{"name":"b","tradesPerSec":null,"p50us":null,"p99us":null,"rssMB":5}',
    ].join('\n');
    expect(parseBenchLines(text)).toEqual([
      { name: 'a', tradesPerSec: 10, p50us: 1, p99us: 2, rssMB: 100, cpuPct: 55 },
      { name: 'b', tradesPerSec: null, p50us: null, p99us: null, rssMB: 5 },
    ]);
  });

  it('a file that is not bench lines is an error naming the line and the field', () => {
    expect(() => parseBenchLines('{"name":"a","tradesPerSec":1,"p50us":1,"p99us":1,"rssMB":1}\n{\n', 'old.jsonl')).toThrow(/^old\.jsonl:2: not JSON/);
    // The old bench printed one pretty JSON document: its first line is "{".
    expect(() => parseBenchLines('{"node":"v20","analytics":{}}', 'old.json')).toThrow(/old\.json:1: not a bench line \(name: .*tradesPerSec/);
    expect(() => parseBenchLines('{"name":"a","tradesPerSec":"fast","p50us":1,"p99us":1,"rssMB":1}')).toThrow(/input:1: not a bench line \(tradesPerSec:/);
  });

  it('percentiles by nearest rank, by hand: 1..10 → p50 = 5, p99 = 10, p10 = 1', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0.5)).toBe(5);
    expect(percentile(xs, 0.99)).toBe(10);
    expect(percentile(xs, 0.1)).toBe(1);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
