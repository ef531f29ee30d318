import { createHmac, randomUUID, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * Compact JWS (JWT) for the two token kinds of the system, on node:crypto alone:
 * - `HS256`: the staff bearer tokens the gateway accepts (a shared secret with the issuer);
 * - `EdDSA` (Ed25519): the gateway's per-request assertions, which services verify with a public key.
 * Verification is strict: exactly the expected algorithm (never `none`, never another one), a `kid` naming a
 * key of the key set, `iat`, `exp` and `jti` present, the issuer and audience as expected.
 */
export type JwsAlgorithm = 'HS256' | 'EdDSA';

/** Keys by key id. HS256 keys are secrets; EdDSA keys are Ed25519 key objects (private to sign, public to verify). */
export type KeySet = ReadonlyMap<string, KeyObject | Buffer>;

export interface JwtClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  [claim: string]: unknown;
}

/** Why a token was refused; the message is safe to show the caller. */
export class InvalidTokenError extends Error {
  constructor(
    message: string,
    /** `expired` lets the caller say so; everything else is just `invalid`. */
    readonly kind: 'expired' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(alg: JwsAlgorithm, kid: string, key: KeyObject | Buffer, claims: Omit<JwtClaims, 'jti'> & { jti?: string }): string {
  const unsigned = `${b64({ alg, typ: 'JWT', kid })}.${b64({ ...claims, jti: claims.jti ?? randomUUID() })}`;
  return `${unsigned}.${signature(alg, key, unsigned).toString('base64url')}`;
}

export interface VerifyOptions {
  alg: JwsAlgorithm;
  keys: KeySet;
  issuer: string;
  audience: string;
  /** Seconds since the epoch. */
  now: number;
  /** Longest lifetime (exp − iat) accepted, in seconds. */
  maxLifetimeSeconds: number;
  /** Clock skew tolerated on iat and exp, in seconds. */
  leewaySeconds?: number;
}

export function verifyJwt(token: string, options: VerifyOptions): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw new InvalidTokenError('The token is not a compact JWS.');
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  const header = parseJson(encodedHeader);
  if (header['alg'] !== options.alg) throw new InvalidTokenError('The token is not signed with the expected algorithm.');
  const kid = header['kid'];
  const key = typeof kid === 'string' ? options.keys.get(kid) : undefined;
  if (!key) throw new InvalidTokenError('The token names no key this service knows (kid).');
  if (!checkSignature(options.alg, key, `${encodedHeader}.${encodedClaims}`, Buffer.from(encodedSignature, 'base64url'))) {
    throw new InvalidTokenError('The token signature is not valid.');
  }
  const claims = parseJson(encodedClaims);
  const leeway = options.leewaySeconds ?? 5;
  const { iat, exp, jti, sub, iss, aud } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string' || jti.length === 0 || jti.length > 128) {
    throw new InvalidTokenError('The token must carry iat, exp and jti.');
  }
  if (iss !== options.issuer) throw new InvalidTokenError('The token is from another issuer.');
  if (aud !== options.audience) throw new InvalidTokenError('The token is for another audience.');
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw new InvalidTokenError('The token names no subject.');
  if (exp - iat > options.maxLifetimeSeconds) throw new InvalidTokenError('The token lives longer than this service accepts.');
  if (iat > options.now + leeway) throw new InvalidTokenError('The token is issued in the future.');
  if (exp <= options.now - leeway) throw new InvalidTokenError('The token has expired.', 'expired');
  return claims as JwtClaims;
}

function parseJson(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new InvalidTokenError('The token is not a compact JWS.');
}

function signature(alg: JwsAlgorithm, key: KeyObject | Buffer, data: string): Buffer {
  if (alg === 'HS256') return createHmac('sha256', key).update(data).digest();
  if (Buffer.isBuffer(key)) throw new Error('EdDSA needs a key object');
  return sign(null, Buffer.from(data), key);
}

function checkSignature(alg: JwsAlgorithm, key: KeyObject | Buffer, data: string, given: Buffer): boolean {
  if (alg === 'HS256') {
    const expected = signature(alg, key, data);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
  if (Buffer.isBuffer(key)) return false;
  try {
    return verify(null, Buffer.from(data), key, given);
  } catch {
    return false;
  }
}
