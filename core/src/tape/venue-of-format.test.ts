import { describe, expect, it } from 'vitest';
import { venueOfTapeFormat } from './venue-of-format.js';

describe('venueOfTapeFormat: the venue a layout belongs to', () => {
  it('data.binance.vision CSVs are Binance, Kraken history is Kraken, TrueFX quotes are TrueFX', () => {
    expect(venueOfTapeFormat('binance-trades-csv')).toBe('binance');
    expect(venueOfTapeFormat('binance-aggtrades-csv')).toBe('binance');
    expect(venueOfTapeFormat('kraken-csv')).toBe('kraken');
    expect(venueOfTapeFormat('truefx-quotes-csv')).toBe('truefx');
  });

  it('ccxt layouts and Parquet could come from any venue', () => {
    for (const f of ['ccxt-json', 'ccxt-csv', 'parquet'] as const) expect(venueOfTapeFormat(f)).toBeNull();
  });
});
