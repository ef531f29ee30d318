import { createHmac } from 'node:crypto';
import { DEV_AUTH_TOKEN_SECRET, InvalidTokenError } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { authTokenConfigFromEnv, AuthTokens, type AuthTokenConfig } from './auth-token';

const SECRET = 's'.repeat(40);
const config: AuthTokenConfig = { keys: new Map([['k1', Buffer.from(SECRET)]]), signingKeyId: 'k1', maxTtlSeconds: 36_000 };
const NOW = 1_800_000_000;
const actor: Actor = { subject: 'fd-1', locationId: 'downtown', role: 'front-desk' };

/** Signs arbitrary header and claims, to build tokens the issuer itself would never produce. */
function forge(header: object, claims: object, secret = SECRET, alg = 'sha256'): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}
const header = { alg: 'HS256', typ: 'JWT', kid: 'k1' };
const validClaims = (): Record<string, unknown> => ({ sub: 'fd-1', loc: 'downtown', role: 'front-desk', iss: 'massage-franchise', aud: 'massage-gateway', iat: NOW, exp: NOW + 60, jti: 'j-1' });

describe('AuthTokens', () => {
  const tokens = new AuthTokens(config, () => NOW);

  it('verifies the actor a token it issued names, with its jti', () => {
    expect(tokens.verify(tokens.issue(actor)).actor).toEqual(actor);
    expect(tokens.verify(forge(header, validClaims()))).toEqual({ actor, jti: 'j-1' });
  });

  it('names hq-admin at every location', () => {
    const hq: Actor = { subject: 'hq-1', locationId: '*', role: 'hq-admin' };
    expect(tokens.verify(tokens.issue(hq)).actor).toEqual(hq);
  });

  it.each([
    ['another secret', new AuthTokens({ ...config, keys: new Map([['k1', Buffer.from('t'.repeat(40))]]) }, () => NOW).issue(actor)],
    ['an expired token', new AuthTokens(config, () => NOW - 120).issue(actor, 60)],
    ['alg none', forge({ alg: 'none', kid: 'k1' }, validClaims()).replace(/[^.]+$/, '')],
    ['another HMAC algorithm', forge({ ...header, alg: 'HS512' }, validClaims(), SECRET, 'sha512')],
    ['an unknown kid', forge({ ...header, kid: 'k9' }, validClaims())],
    ['no kid', forge({ alg: 'HS256' }, validClaims())],
    ['a tampered payload', forge(header, validClaims()).replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...validClaims(), role: 'hq-admin', loc: '*' })).toString('base64url')}.`)],
    ['another issuer', forge(header, { ...validClaims(), iss: 'someone-else' })],
    ['another audience', forge(header, { ...validClaims(), aud: 'another-api' })],
    ['no expiry', forge(header, { ...validClaims(), exp: undefined })],
    ['no iat', forge(header, { ...validClaims(), iat: undefined })],
    ['no jti', forge(header, { ...validClaims(), jti: undefined })],
    ['a lifetime over the cap', forge(header, { ...validClaims(), exp: NOW + 36_001 })],
    ['an old role name', forge(header, { ...validClaims(), role: 'admin' })],
    ['no location', forge(header, { ...validClaims(), loc: undefined })],
    ['every location for a front desk', forge(header, { ...validClaims(), loc: '*' })],
    ['a location that is not a code', forge(header, { ...validClaims(), loc: 'Down Town' })],
    ['an empty subject', forge(header, { ...validClaims(), sub: '' })],
    ['garbage', 'not.a.token'],
  ])('refuses %s', (_case, token) => {
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('will not issue a token with an invalid claim or over the lifetime cap', () => {
    expect(() => tokens.issue({ ...actor, locationId: 'Not A Code' })).toThrow(/loc/);
    expect(() => tokens.issue({ ...actor, role: 'owner' as Actor['role'] })).toThrow(/role/);
    expect(() => tokens.issue(actor, 36_001)).toThrow(/at most/);
  });

  it('accepts every key of the set, so the signing key can rotate', () => {
    const old = new AuthTokens(config, () => NOW).issue(actor);
    const rotated = new AuthTokens({ ...config, keys: new Map([...config.keys, ['k2', Buffer.from('n'.repeat(40))]]), signingKeyId: 'k2' }, () => NOW);
    expect(rotated.verify(old).actor).toEqual(actor);
    expect(rotated.verify(rotated.issue(actor)).actor).toEqual(actor);
  });
});

describe('authTokenConfigFromEnv', () => {
  it('uses the development secret only with AUTH_DEV_MODE=1, never in production', () => {
    expect(() => authTokenConfigFromEnv({})).toThrow(/AUTH_DEV_MODE/);
    expect(authTokenConfigFromEnv({ AUTH_DEV_MODE: '1' }).keys.get('dev')?.toString()).toBe(DEV_AUTH_TOKEN_SECRET);
    expect(() => authTokenConfigFromEnv({ AUTH_DEV_MODE: '1', NODE_ENV: 'production' })).toThrow(/production/);
    expect(() => authTokenConfigFromEnv({ AUTH_TOKEN_SECRET: DEV_AUTH_TOKEN_SECRET })).toThrow(/development secret/);
  });

  it('reads a key set and the signing key id; refuses short secrets', () => {
    const read = authTokenConfigFromEnv({ AUTH_TOKEN_KEYS: `a:${'a'.repeat(32)},b:${'b'.repeat(32)}`, AUTH_TOKEN_SIGNING_KEY_ID: 'b', AUTH_TOKEN_MAX_TTL: '8h' });
    expect([...read.keys.keys()]).toEqual(['a', 'b']);
    expect(read).toMatchObject({ signingKeyId: 'b', maxTtlSeconds: 8 * 3600 });
    expect(authTokenConfigFromEnv({ AUTH_TOKEN_SECRET: SECRET })).toMatchObject({ signingKeyId: 'default', maxTtlSeconds: 36_000 });
    expect(() => authTokenConfigFromEnv({ AUTH_TOKEN_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => authTokenConfigFromEnv({ AUTH_TOKEN_SECRET: SECRET, AUTH_TOKEN_SIGNING_KEY_ID: 'x' })).toThrow(/not among/);
  });
});
