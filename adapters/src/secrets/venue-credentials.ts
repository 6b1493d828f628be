import { z } from 'zod';

const field = z.string().optional();

/**
 * A live module's credentials secret: a JSON object of ccxt's credential fields (`requiredCredentials`
 * in ccxt's base Exchange): apiKey/secret (Binance, Bybit), + password (OKX), walletAddress/privateKey
 * (Hyperliquid), and the rarer ones. Strict, because the object is spread into the ccxt constructor:
 * any other key would set a ccxt option (urls, timeouts…).
 */
export const VenueCredentialsSchema = z.strictObject({
  apiKey: field,
  secret: field,
  uid: field,
  accountId: field,
  login: field,
  password: field,
  twofa: field,
  privateKey: field,
  walletAddress: field,
  token: field,
});
export type VenueCredentials = z.infer<typeof VenueCredentialsSchema>;

const CREDENTIAL_FIELDS: readonly string[] = VenueCredentialsSchema.keyof().options;

/**
 * The credentials held by the secret `ref`. A secret that does not parse is reported by its reference
 * and by which of ccxt's fields is wrong; nothing of its text goes into the error (not the JSON
 * parser's message, which quotes the input, nor the names of keys it should not have).
 */
export function parseVenueCredentials(ref: string, text: string): VenueCredentials {
  const expected = `a JSON object of ccxt credential strings (${CREDENTIAL_FIELDS.join(', ')})`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`credentials secret ${ref} is not JSON: expected ${expected}`);
  }
  const r = VenueCredentialsSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems: string[] = [];
  for (const i of r.error.issues) {
    if (i.code === 'unrecognized_keys') problems.push(`${i.keys.length} field(s) that are not ccxt credentials`);
    else if (i.path.length === 0) problems.push('not an object');
    else if (typeof i.path[0] === 'string' && CREDENTIAL_FIELDS.includes(i.path[0])) problems.push(`${i.path[0]} is not a string`);
    else problems.push('an invalid field');
  }
  throw new Error(`credentials secret ${ref} is invalid (${[...new Set(problems)].join('; ')}): expected ${expected}`);
}
