import { describe, expect, it } from 'vitest';
import { decimalPlaces, numberToDecimalText, parseDecimalText } from './decimal-text.js';

describe('decimalPlaces', () => {
  it('counts the places a venue printed, ignoring trailing-zero padding', () => {
    expect(decimalPlaces('1666.8')).toBe(1);
    expect(decimalPlaces('0.00141342')).toBe(8);
    expect(decimalPlaces('90.540000')).toBe(2); // Kraken pads to 6
    expect(decimalPlaces('5.69000000')).toBe(2); // Binance pads to 8
    expect(decimalPlaces('23')).toBe(0);
    expect(decimalPlaces('23.')).toBe(0);
    expect(decimalPlaces('.5')).toBe(1);
    expect(decimalPlaces('-12.3400')).toBe(2);
    expect(decimalPlaces('0')).toBe(0);
  });

  it('reads exponents as numbers print them', () => {
    expect(decimalPlaces('1e-7')).toBe(7);
    expect(decimalPlaces('1.5e-7')).toBe(8);
    expect(decimalPlaces('1.5e3')).toBe(0);
    expect(decimalPlaces('100e-2')).toBe(0);
    expect(decimalPlaces('120e-2')).toBe(1);
  });

  it('returns -1 for text that is not a plain decimal', () => {
    for (const bad of ['', '-', '.', 'NaN', 'Infinity', '0x10', ' 1', '1 ', '1.2.3', '1e', '1e+', 'abc', '1,5']) {
      expect(decimalPlaces(bad), bad).toBe(-1);
    }
  });
});

describe('parseDecimalText', () => {
  it('is NaN where Number() would quietly say 0 or 16', () => {
    expect(parseDecimalText('')).toBeNaN();
    expect(parseDecimalText('0x10')).toBeNaN();
    expect(parseDecimalText('86.655')).toBe(86.655);
  });
});

describe('numberToDecimalText', () => {
  it('recovers the venue decimal from a double stored slightly off it', () => {
    // Both doubles are in sample-data/tapes/binance-btcusdt-trades-2021-01-08.parquet (rows 3 and 2001).
    expect(numberToDecimalText(0.00031099999999999997)).toBe('0.000311');
    expect(numberToDecimalText(0.014596000000000001)).toBe('0.014596');
    expect(numberToDecimalText(23.0)).toBe('23');
    expect(numberToDecimalText(1e-7)).toBe('1e-7');
    expect(decimalPlaces(numberToDecimalText(1e-7))).toBe(7);
  });
});
