import { describe, expect, it } from 'vitest';
import { entryClientOrderId } from '@cascade/core';
import { alphanumericCodec, hex128Codec, identityCodec } from './client-id-codec.js';

const ours = 'cx-00112233445566778899';

describe('client id codecs', () => {
  it('Binance/Bybit carry our id as is, and refuse what the venue would', () => {
    const c = identityCodec(36, /^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(c.encode(ours)).toBe(ours);
    expect(c.decode(ours)).toBe(ours);
    expect(() => c.encode('x'.repeat(37))).toThrow(RangeError);
    expect(() => c.encode('has space')).toThrow(RangeError);
  });

  it('OKX: drops the dash (clOrdId is letters and digits only) and puts it back', () => {
    expect(alphanumericCodec.encode(ours)).toBe('cx00112233445566778899');
    expect(alphanumericCodec.decode('cx00112233445566778899')).toBe(ours);
    expect(alphanumericCodec.decode('manual123')).toBe('manual123');
    expect(() => alphanumericCodec.encode('a-b-c')).toThrow(RangeError);
  });

  it('Hyperliquid: packs into a 128-bit cloid — "cx" is ASCII 0x63 0x78, left-padded to 6 bytes, then the 10 hash bytes', () => {
    expect(hex128Codec.encode(ours)).toBe('0x00000000637800112233445566778899');
    expect(hex128Codec.encode(ours)).toMatch(/^0x[0-9a-f]{32}$/);
    expect(hex128Codec.decode('0x00000000637800112233445566778899')).toBe(ours);
    expect(hex128Codec.decode('0x1234567890abcdef1234567890abcdef')).toBeNull(); // not one of ours
    expect(() => hex128Codec.encode('toolongprefix-00112233445566778899')).toThrow(RangeError);
  });

  it('round-trips every id the engine derives (core derivedId) through every codec', () => {
    for (let i = 0; i < 50; i++) {
      const id = entryClientOrderId(`sig-${i}`);
      expect(alphanumericCodec.decode(alphanumericCodec.encode(id))).toBe(id);
      expect(hex128Codec.decode(hex128Codec.encode(id))).toBe(id);
    }
  });
});
