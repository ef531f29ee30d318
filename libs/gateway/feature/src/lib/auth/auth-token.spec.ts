import { createHmac } from 'node:crypto';
import { AuthTokens, authTokenSecretFromEnv, DEV_AUTH_TOKEN_SECRET, InvalidTokenError, mayAccessLocation, type Caller } from './auth-token';

const SECRET = 's'.repeat(40);
const caller: Caller = { sub: 'fd-1', loc: 'downtown', role: 'front-desk' };

/** Signs arbitrary header and claims, to build tokens the issuer itself would never produce. */
function forge(header: object, claims: object, secret = SECRET, alg = 'sha256'): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}
const now = (): number => Math.floor(Date.now() / 1000);
const validClaims = (): Record<string, unknown> => ({ ...caller, iss: 'massage-franchise', aud: 'massage-gateway', iat: now(), exp: now() + 60 });

describe('AuthTokens', () => {
  const tokens = new AuthTokens(SECRET);

  it('verifies the caller a token it issued names', () => {
    expect(tokens.verify(tokens.issue(caller))).toEqual(caller);
    expect(tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, validClaims()))).toEqual(caller);
  });

  it.each([
    ['another secret', new AuthTokens('t'.repeat(40)).issue(caller)],
    ['an expired token', tokens.issue(caller, -1)],
    ['alg none', forge({ alg: 'none' }, validClaims()).replace(/[^.]+$/, '')],
    ['another HMAC algorithm', forge({ alg: 'HS512' }, validClaims(), SECRET, 'sha512')],
    ['another issuer', forge({ alg: 'HS256' }, { ...validClaims(), iss: 'someone-else' })],
    ['another audience', forge({ alg: 'HS256' }, { ...validClaims(), aud: 'another-api' })],
    ['no expiry', forge({ alg: 'HS256' }, { ...validClaims(), exp: undefined })],
    ['an unknown role', forge({ alg: 'HS256' }, { ...validClaims(), role: 'owner' })],
    ['no location', forge({ alg: 'HS256' }, { ...validClaims(), loc: undefined })],
    ['a location that is not a code', forge({ alg: 'HS256' }, { ...validClaims(), loc: 'Down Town' })],
    ['an empty subject', forge({ alg: 'HS256' }, { ...validClaims(), sub: '' })],
    ['garbage', 'not.a.token'],
  ])('refuses %s', (_case, token) => {
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('will not issue a token with an invalid claim', () => {
    expect(() => tokens.issue({ ...caller, loc: 'Not A Code' })).toThrow(/loc/);
    expect(() => tokens.issue({ ...caller, role: 'owner' as Caller['role'] })).toThrow(/role/);
  });
});

describe('authTokenSecretFromEnv', () => {
  it('uses the dev default outside production only', () => {
    expect(authTokenSecretFromEnv({})).toBe(DEV_AUTH_TOKEN_SECRET);
    expect(() => authTokenSecretFromEnv({ NODE_ENV: 'production' })).toThrow(/must be set/);
    expect(() => authTokenSecretFromEnv({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: DEV_AUTH_TOKEN_SECRET })).toThrow(/development default/);
  });

  it('refuses a short secret in production', () => {
    expect(() => authTokenSecretFromEnv({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'short' })).toThrow(/at least 32/);
    expect(authTokenSecretFromEnv({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: SECRET })).toBe(SECRET);
  });
});

describe('mayAccessLocation', () => {
  it('allows the own location, and every location to admins only', () => {
    expect(mayAccessLocation(caller, 'downtown')).toBe(true);
    expect(mayAccessLocation(caller, 'uptown')).toBe(false);
    expect(mayAccessLocation({ ...caller, role: 'manager' }, 'uptown')).toBe(false);
    expect(mayAccessLocation({ ...caller, role: 'admin' }, 'uptown')).toBe(true);
  });
});
