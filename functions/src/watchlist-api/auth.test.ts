import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Authenticator, apiKeyMatches, hasAdminClaim } from './auth.js';
import { localKeyIdTokenVerifier, signLocalIdToken } from './id-token.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const projectId = 'demo-auth';
const kid = 'k1';
const NOW_S = 1_767_225_600; // 2026-01-01T00:00:00Z
const verifier = localKeyIdTokenVerifier({ projectId, publicKey, kid, now: () => NOW_S * 1000 });
const token = (o: Partial<Parameters<typeof signLocalIdToken>[1]> = {}, key = privateKey) => signLocalIdToken(key, { projectId, kid, uid: 'op-1', nowS: NOW_S - 10, ...o });
const auth = new Authenticator({ apiKey: () => 'k-0123456789abcdef', verifier });

describe('apiKeyMatches', () => {
  it('accepts the exact key only', () => {
    expect(apiKeyMatches('k-0123456789abcdef', 'k-0123456789abcdef')).toBe(true);
    expect(apiKeyMatches('k-0123456789abcdeF', 'k-0123456789abcdef')).toBe(false);
    expect(apiKeyMatches('k-0123456789abcdef-and-more', 'k-0123456789abcdef')).toBe(false);
    expect(apiKeyMatches('', '')).toBe(false); // no key configured: the key path is closed
  });
});

describe('hasAdminClaim', () => {
  it('requires admin === true', () => {
    expect(hasAdminClaim({ admin: true })).toBe(true);
    expect(hasAdminClaim({ admin: 'true' })).toBe(false);
    expect(hasAdminClaim({})).toBe(false);
  });
});

describe('localKeyIdTokenVerifier', () => {
  it('accepts a well-formed token and returns uid and claims', async () => {
    const v = await verifier.verify(token({ claims: { admin: true } }));
    expect(v.uid).toBe('op-1');
    expect(v.claims.admin).toBe(true);
  });

  it.each([
    ['another key', () => token({}, other.privateKey), 'bad signature'],
    ['an expired token', () => token({ nowS: NOW_S - 7200, ttlS: 3600 }), 'expired'],
    ['a token from the future', () => token({ nowS: NOW_S + 60 }), 'future'],
    ['another project', () => signLocalIdToken(privateKey, { projectId: 'demo-other', kid, uid: 'op-1', nowS: NOW_S - 10 }), 'audience'],
    ['an unknown key id', () => token({ kid: 'k2' }), 'key id'],
    ['a forged issuer', () => token({ claims: { iss: 'https://evil.example' } }), 'issuer'],
    ['a tampered payload', () => { const [h, , s] = token().split('.'); return `${h}.${Buffer.from(JSON.stringify({ sub: 'x', admin: true })).toString('base64url')}.${s}`; }, 'bad signature'],
  ])('refuses %s', async (_what, make, message) => {
    await expect(verifier.verify(make())).rejects.toThrow(message);
  });
});

describe('Authenticator', () => {
  it('401 without credentials', async () => {
    expect(await auth.authenticate({})).toMatchObject({ ok: false, status: 401, code: 'missing_credentials' });
    expect(await auth.authenticate({ authorization: 'Basic abc' })).toMatchObject({ ok: false, status: 401 });
  });
  it('401 for a wrong API key, even with a valid admin token beside it', async () => {
    expect(await auth.authenticate({ 'x-api-key': 'nope', authorization: `Bearer ${token({ claims: { admin: true } })}` })).toMatchObject({ ok: false, status: 401, code: 'invalid_api_key' });
  });
  it('accepts the API key as one caller', async () => {
    const r = await auth.authenticate({ 'x-api-key': 'k-0123456789abcdef' });
    expect(r).toMatchObject({ ok: true, caller: { via: 'api-key' } });
    if (r.ok) expect(r.caller.id).toMatch(/^key:[0-9a-f]{12}$/);
  });
  it('401 for an invalid token, 403 for a valid one without the admin claim', async () => {
    expect(await auth.authenticate({ authorization: `Bearer ${token({}, other.privateKey)}` })).toMatchObject({ ok: false, status: 401, code: 'invalid_id_token' });
    expect(await auth.authenticate({ authorization: `Bearer ${token()}` })).toMatchObject({ ok: false, status: 403, code: 'not_admin' });
    expect(await auth.authenticate({ authorization: `Bearer ${token({ claims: { admin: false } })}` })).toMatchObject({ ok: false, status: 403 });
  });
  it('accepts an admin token as its uid', async () => {
    expect(await auth.authenticate({ authorization: `Bearer ${token({ claims: { admin: true } })}` })).toEqual({ ok: true, caller: { id: 'uid:op-1', via: 'id-token' } });
  });
});
