import { createSecretKey, type KeyObject } from 'node:crypto';
import { LOCATION_CODE_PATTERN } from '@massage/contracts';
import { authDevMode, DEV_AUTH_TOKEN_KEY_ID, DEV_AUTH_TOKEN_SECRET, InvalidTokenError, signJwt, systemClock, verifyJwt, type Clock } from '@massage/platform-security';
import { ANY_LOCATION, isRole, ROLES, type Actor, type Role } from '@massage/security';

/** Signed into every token and required on verification, so tokens for other systems never pass. */
export const AUTH_TOKEN_ISSUER = 'massage-franchise';
export const AUTH_TOKEN_AUDIENCE = 'massage-gateway';
/** A working shift: the longest a bearer token may live unless AUTH_TOKEN_MAX_TTL says otherwise. */
export const DEFAULT_MAX_TOKEN_TTL_SECONDS = 10 * 3600;
/** HS256 needs a key at least as long as its 256-bit output to be worth anything. */
export const MIN_SECRET_LENGTH = 32;

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
export const LOCATION_CODE_MAX_LENGTH = 64;
const SUBJECT_MAX_LENGTH = 128;

export function isLocationCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LOCATION_CODE_MAX_LENGTH && LOCATION_CODE.test(value);
}

/** The bearer-token keys: secrets by key id, the one new tokens are signed with, and the lifetime cap. */
export interface AuthTokenConfig {
  keys: ReadonlyMap<string, Buffer>;
  signingKeyId: string;
  maxTtlSeconds: number;
}

/**
 * Reads the bearer-token keys (docs/security.md, "Rotating keys"):
 * - AUTH_TOKEN_KEYS=`kid:secret,kid2:secret2` (every key accepted; AUTH_TOKEN_SIGNING_KEY_ID picks the one
 *   issue-token signs with, the first by default), or AUTH_TOKEN_SECRET for a single key (id AUTH_TOKEN_KEY_ID, `default`);
 * - with AUTH_DEV_MODE=1 only, the development secret (key id `dev`) when nothing else is set.
 * Secrets shorter than 32 characters and the development secret outside development mode are refused.
 */
export function authTokenConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthTokenConfig {
  const devMode = authDevMode(env);
  const keys = new Map<string, Buffer>();
  for (const entry of (env['AUTH_TOKEN_KEYS'] ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at <= 0) throw new Error('AUTH_TOKEN_KEYS must be a comma-separated list of kid:secret');
    keys.set(entry.slice(0, at), Buffer.from(entry.slice(at + 1)));
  }
  if (env['AUTH_TOKEN_SECRET']) keys.set(env['AUTH_TOKEN_KEY_ID'] || 'default', Buffer.from(env['AUTH_TOKEN_SECRET']));
  if (keys.size === 0) {
    if (!devMode) throw new Error('AUTH_TOKEN_KEYS or AUTH_TOKEN_SECRET must be set (or AUTH_DEV_MODE=1 for the development secret)');
    keys.set(DEV_AUTH_TOKEN_KEY_ID, Buffer.from(DEV_AUTH_TOKEN_SECRET));
  }
  for (const [kid, secret] of keys) {
    if (secret.toString() === DEV_AUTH_TOKEN_SECRET && !devMode) throw new Error(`bearer key ${kid} is the development secret; it is accepted only with AUTH_DEV_MODE=1`);
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`bearer key ${kid} must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const signingKeyId = env['AUTH_TOKEN_SIGNING_KEY_ID'] || [...keys.keys()][0]!;
  if (!keys.has(signingKeyId)) throw new Error(`AUTH_TOKEN_SIGNING_KEY_ID ${signingKeyId} is not among the bearer keys`);
  return { keys, signingKeyId, maxTtlSeconds: durationSeconds('AUTH_TOKEN_MAX_TTL', env['AUTH_TOKEN_MAX_TTL'] || String(DEFAULT_MAX_TOKEN_TTL_SECONDS)) };
}

/** `3600`, `45m`, `10h` → seconds. */
export function durationSeconds(name: string, value: string): number {
  const match = /^(\d+)([smh]?)$/.exec(value.trim());
  if (!match) throw new Error(`${name} must be a duration such as 3600, 45m or 10h, got "${value}"`);
  const seconds = Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as const)[match[2] as '' | 's' | 'm' | 'h'];
  if (seconds <= 0) throw new Error(`${name} must be positive`);
  return seconds;
}

/**
 * Issues and verifies the gateway's bearer tokens: HS256 JWTs with a `kid` header and the claims sub, role,
 * loc (a location code; `*` for hq-admin), iat, exp and jti. Lifetime is capped; tokens name their key.
 */
export class AuthTokens {
  // The secrets as key objects, made once: HMAC with a raw Buffer key imports the key on every request
  // (~17 instead of ~11 µs a verification on the bench machine, and the gateway verifies every request).
  private readonly keys: ReadonlyMap<string, KeyObject>;

  constructor(
    private readonly config: AuthTokenConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.keys = new Map([...config.keys].map(([kid, secret]) => [kid, createSecretKey(secret)]));
  }

  issue(actor: Actor, ttlSeconds: number = this.config.maxTtlSeconds): string {
    assertActor(actor);
    if (ttlSeconds > this.config.maxTtlSeconds) throw new Error(`a token may live at most ${this.config.maxTtlSeconds} s (AUTH_TOKEN_MAX_TTL)`);
    const iat = this.clock();
    const key = this.keys.get(this.config.signingKeyId)!;
    return signJwt('HS256', this.config.signingKeyId, key, {
      iss: AUTH_TOKEN_ISSUER,
      aud: AUTH_TOKEN_AUDIENCE,
      sub: actor.subject,
      role: actor.role,
      loc: actor.locationId,
      iat,
      exp: iat + ttlSeconds,
    });
  }

  /** The actor a token names, and its id (for the revocation list); throws InvalidTokenError otherwise. */
  verify(token: string): { actor: Actor; jti: string } {
    const claims = verifyJwt(token, {
      alg: 'HS256',
      keys: this.keys,
      issuer: AUTH_TOKEN_ISSUER,
      audience: AUTH_TOKEN_AUDIENCE,
      now: this.clock(),
      maxLifetimeSeconds: this.config.maxTtlSeconds,
    });
    const actor = { subject: claims.sub, role: claims['role'], locationId: claims['loc'] };
    try {
      assertActor(actor);
    } catch {
      throw new InvalidTokenError('The bearer token does not name a subject, a location and a role.');
    }
    return { actor, jti: claims.jti };
  }
}

function assertActor(actor: { subject: unknown; role: unknown; locationId: unknown }): asserts actor is Actor & { role: Role } {
  if (typeof actor.subject !== 'string' || actor.subject.length === 0 || actor.subject.length > SUBJECT_MAX_LENGTH) {
    throw new Error(`sub must be 1–${SUBJECT_MAX_LENGTH} characters`);
  }
  if (!isRole(actor.role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
  if (actor.role === 'hq-admin' ? actor.locationId !== ANY_LOCATION : !isLocationCode(actor.locationId)) {
    throw new Error(`loc must be ${actor.role === 'hq-admin' ? `"${ANY_LOCATION}" for hq-admin` : `a location code (${LOCATION_CODE_PATTERN}, at most ${LOCATION_CODE_MAX_LENGTH} characters)`}`);
  }
}
