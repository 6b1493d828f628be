import { describe, expect, it } from 'vitest';
import { lastPublishedDay, parseDayArg } from './utc-day.js';

describe('--from / --to days', () => {
  it('takes days and months, refusing dates that do not exist', () => {
    expect(parseDayArg('2024-02-29', 'first')).toBe('2024-02-29');
    expect(parseDayArg('2024-02', 'first')).toBe('2024-02-01');
    expect(parseDayArg('2024-02', 'last')).toBe('2024-02-29'); // leap year
    expect(parseDayArg('2023-02', 'last')).toBe('2023-02-28');
    expect(parseDayArg('2023-02-29', 'first')).toBeNull();
    expect(parseDayArg('2024-13', 'first')).toBeNull();
    expect(parseDayArg('01/02/2024', 'first')).toBeNull();
  });

  it('the last published day is yesterday, UTC', () => {
    expect(lastPublishedDay(Date.UTC(2024, 2, 1, 0, 0, 1))).toBe('2024-02-29');
    expect(lastPublishedDay(Date.UTC(2024, 2, 1, 23, 59, 59))).toBe('2024-02-29');
  });
});
