import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { header } from './http.js';

/** Who is calling: the rate limit and `addedBy` use `id`. */
export interface Caller {
  readonly id: string;
  readonly via: 'api-key' | 'id-token';
}

export type AuthResult =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

export interface VerifiedIdToken {
  readonly uid: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Port: checks a Firebase ID token (signature, audience, issuer, expiry) and returns its claims, or throws. */
export interface IdTokenVerifier {
  verify(idToken: string): Promise<VerifiedIdToken>;
}

/** The custom claim the security rules and the API both require (set with `setCustomUserClaims(uid, {admin: true})`). */
export function hasAdminClaim(claims: Readonly<Record<string, unknown>>): boolean {
  return claims.admin === true;
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison is over equal lengths and
 * the time taken says nothing about the key's length either.
 */
export function apiKeyMatches(given: string, expected: string): boolean {
  if (expected.length === 0) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A short, stable, non-secret name for a key (so a rotated key is a new caller). */
function keyId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
}

export interface AuthenticatorOptions {
  /** The API key from Secret Manager (locally `CASCADE_API_KEY`); empty disables the key path. */
  readonly apiKey: () => string;
  readonly verifier: IdTokenVerifier;
}

/**
 * `x-api-key` when present, otherwise `Authorization: Bearer <Firebase ID token>`. Missing or wrong
 * credentials → 401; a valid token without the admin claim → 403.
 */
export class Authenticator {
  constructor(private readonly opts: AuthenticatorOptions) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<AuthResult> {
    const key = header(headers, 'x-api-key');
    if (key !== undefined) {
      const expected = this.opts.apiKey();
      if (!apiKeyMatches(key, expected)) return { ok: false, status: 401, code: 'invalid_api_key', message: 'the API key is not valid' };
      return { ok: true, caller: { id: `key:${keyId(expected)}`, via: 'api-key' } };
    }
    const authz = header(headers, 'authorization');
    const bearer = authz !== undefined ? /^Bearer\s+(\S+)\s*$/i.exec(authz)?.[1] : undefined;
    if (bearer === undefined) return { ok: false, status: 401, code: 'missing_credentials', message: 'send x-api-key or Authorization: Bearer <Firebase ID token>' };
    let token: VerifiedIdToken;
    try {
      token = await this.opts.verifier.verify(bearer);
    } catch (e) {
      return { ok: false, status: 401, code: 'invalid_id_token', message: `the ID token was refused: ${(e as Error).message}` };
    }
    if (!hasAdminClaim(token.claims)) return { ok: false, status: 403, code: 'not_admin', message: 'the account has no admin claim' };
    return { ok: true, caller: { id: `uid:${token.uid}`, via: 'id-token' } };
  }
}
