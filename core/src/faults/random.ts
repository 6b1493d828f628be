/** Randomness comes in through this port (Math.random or crypto at the edge, seeded in tests). */
export interface Random {
  /** A uniform draw in [0, 1). */
  next(): number;
}

const MODULUS = 2_147_483_647; // 2^31 − 1, prime
const MULTIPLIER = 16_807; // 7^5

/**
 * Park–Miller "minimal standard" generator (Park & Miller, CACM 1988): x ← 16807·x mod (2^31 − 1),
 * draw = x / (2^31 − 1). Far from cryptographic and not meant to be: it is for jitter in tests and
 * replays, where a run must repeat and a reader must be able to check a draw by hand.
 * Every product stays below 2^46, so double arithmetic is exact.
 */
export class SeededRandom implements Random {
  private x: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const s = ((seed % MODULUS) + MODULUS) % MODULUS;
    this.x = s === 0 ? 1 : s;
  }

  next(): number {
    this.x = (this.x * MULTIPLIER) % MODULUS;
    return this.x / MODULUS;
  }
}
