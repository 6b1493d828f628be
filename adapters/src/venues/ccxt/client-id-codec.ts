/**
 * Our client order ids are `derivedId` output, `<prefix>-<20 hex>` (core/src/ids/derived-id.ts), and
 * must reach every venue unchanged in meaning so recovery can find an order by the id it re-derives.
 * Venues disagree on what a client id may look like; a codec turns ours into the venue's and back.
 */
export interface ClientIdCodec {
  /** Longest id of ours the venue can carry. */
  readonly maxLength: number;
  /** Ours → the venue's; throws RangeError for an id the venue could not carry. */
  encode(ours: string): string;
  /** The venue's → ours, or null for an id we did not make (manual orders, other bots). */
  decode(venue: string): string | null;
}

const DERIVED = /^([a-z]{1,6})-([0-9a-f]{20})$/;

/** Binance (`^[.A-Z:/a-z0-9_-]{1,36}$`) and Bybit (orderLinkId, ≤ 36 of letters, digits, `-`, `_`). */
export function identityCodec(maxLength: number, allowed: RegExp): ClientIdCodec {
  return {
    maxLength,
    encode(ours) {
      if (ours.length > maxLength || !allowed.test(ours)) throw new RangeError(`client order id "${ours}" is not valid here (≤ ${maxLength} of ${allowed.source})`);
      return ours;
    },
    decode: (venue) => venue,
  };
}

/**
 * OKX clOrdId: 1–32 case-sensitive letters and digits, no `-`. `cx-0123…` ↔ `cx0123…`: the hash is
 * always the last 20 hex characters, so dropping the dash is reversible.
 */
export const alphanumericCodec: ClientIdCodec = {
  maxLength: 32,
  encode(ours) {
    const m = DERIVED.exec(ours);
    if (m) return `${m[1]}${m[2]}`;
    if (/^[A-Za-z0-9]{1,32}$/.test(ours)) return ours;
    throw new RangeError(`client order id "${ours}" cannot be carried as an OKX clOrdId`);
  },
  decode(venue) {
    const m = /^([a-z]{1,6})([0-9a-f]{20})$/.exec(venue);
    return m ? `${m[1]}-${m[2]}` : venue;
  },
};

/**
 * Hyperliquid cloid: a 128-bit hex string, `0x` + 32 hex. Ours packs into it reversibly: the prefix
 * as ASCII, left-padded with zero bytes to 6 bytes, then the 10 hash bytes.
 */
export const hex128Codec: ClientIdCodec = {
  // `<6 letters>-<20 hex>`
  maxLength: 27,
  encode(ours) {
    const m = DERIVED.exec(ours);
    if (!m) throw new RangeError(`client order id "${ours}" is not <prefix ≤ 6 letters>-<20 hex> and cannot be packed into a hyperliquid cloid`);
    const prefix = Buffer.from(m[1] as string, 'ascii').toString('hex').padStart(12, '0');
    return `0x${prefix}${m[2]}`;
  },
  decode(venue) {
    const m = /^0x([0-9a-f]{12})([0-9a-f]{20})$/i.exec(venue);
    if (!m) return null;
    const prefix = Buffer.from((m[1] as string).replace(/^(00)+/, ''), 'hex').toString('ascii');
    return /^[a-z]{1,6}$/.test(prefix) ? `${prefix}-${(m[2] as string).toLowerCase()}` : null;
  },
};
