import { type KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import type { Auth } from 'firebase-admin/auth';
import type { IdTokenVerifier, VerifiedIdToken } from './auth.js';
import { z } from 'zod';

/**
 * Production: firebase-admin checks the signature against Google's rotating keys, audience, issuer
 * and expiry; `checkRevoked` also asks Auth whether the session was revoked or the user disabled, so
 * withdrawing an operator takes effect at once (one Auth lookup per call; the API is operator traffic).
 */
export function firebaseIdTokenVerifier(auth: Auth, opts: { checkRevoked?: boolean } = {}): IdTokenVerifier {
  return {
    async verify(idToken) {
      const decoded = await auth.verifyIdToken(idToken, opts.checkRevoked ?? true);
      return { uid: decoded.uid, claims: decoded };
    },
  };
}

const JsonObjectSchema = z.record(z.string(), z.unknown());

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

function decodePart(part: string | undefined, what: string): Record<string, unknown> {
  if (part === undefined) throw new Error(`token has no ${what}`);
  const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  const obj = JsonObjectSchema.safeParse(v);
  if (Array.isArray(v) || !obj.success) throw new Error(`token ${what} is not a JSON object`);
  return obj.data;
}

/**
 * The checks Firebase documents for verifying ID tokens with a third-party JWT library (RS256,
 * `kid`, `exp` future, `iat`/`auth_time` past, `aud` = project, `iss` = securetoken.google.com/<project>,
 * non-empty `sub`), against a key pair of our own. For tests and local tools: the Auth emulator is not
 * part of the local stack, and Google's signing keys are not ours to use.
 */
export function localKeyIdTokenVerifier(opts: { projectId: string; publicKey: KeyObject | string; kid: string; now: () => number }): IdTokenVerifier {
  const key = typeof opts.publicKey === 'string' ? createPublicKey(opts.publicKey) : opts.publicKey;
  return {
    async verify(idToken): Promise<VerifiedIdToken> {
      const parts = idToken.split('.');
      if (parts.length !== 3) throw new Error('not a JWT');
      const [h, p, s] = parts as [string, string, string];
      const head = decodePart(h, 'header');
      if (head.alg !== 'RS256') throw new Error(`algorithm ${String(head.alg)} is not RS256`);
      if (head.kid !== opts.kid) throw new Error('unknown key id');
      if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new Error('bad signature');
      const c = decodePart(p, 'payload');
      const nowS = Math.floor(opts.now() / 1000);
      if (typeof c.exp !== 'number' || c.exp <= nowS) throw new Error('token expired');
      if (typeof c.iat !== 'number' || c.iat > nowS) throw new Error('token issued in the future');
      if (typeof c.auth_time !== 'number' || c.auth_time > nowS) throw new Error('auth_time in the future');
      if (c.aud !== opts.projectId) throw new Error('wrong audience');
      if (c.iss !== `https://securetoken.google.com/${opts.projectId}`) throw new Error('wrong issuer');
      if (typeof c.sub !== 'string' || c.sub.length === 0 || c.sub.length > 128) throw new Error('bad subject');
      return { uid: c.sub, claims: { ...c, uid: c.sub } };
    },
  };
}

/** Signs an ID-token-shaped JWT with a local private key (tests and local tools only). */
export function signLocalIdToken(privateKey: KeyObject, o: { projectId: string; kid: string; uid: string; nowS: number; ttlS?: number; claims?: Record<string, unknown> }): string {
  const head = { alg: 'RS256', kid: o.kid, typ: 'JWT' };
  const body = {
    iss: `https://securetoken.google.com/${o.projectId}`,
    aud: o.projectId,
    auth_time: o.nowS,
    user_id: o.uid,
    sub: o.uid,
    iat: o.nowS,
    exp: o.nowS + (o.ttlS ?? 3600),
    firebase: { identities: {}, sign_in_provider: 'custom' },
    ...o.claims,
  };
  const data = `${b64url(JSON.stringify(head))}.${b64url(JSON.stringify(body))}`;
  return `${data}.${b64url(sign('RSA-SHA256', Buffer.from(data), privateKey))}`;
}
