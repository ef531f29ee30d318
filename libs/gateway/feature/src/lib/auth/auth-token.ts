import { LOCATION_CODE_PATTERN } from '@massage/contracts';
import { JwtService } from '@nestjs/jwt';

/** Roles a caller can hold; finer permissions per role arrive with the full role model. */
export const ROLES = ['front-desk', 'therapist', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as a verified token says. */
export interface Caller {
  /** Subject: the staff member (or system) the token was issued to. */
  sub: string;
  /** Location code the caller works at. */
  loc: string;
  role: Role;
}

/** Signed into every token and required on verification, so tokens for other systems never pass. */
export const AUTH_TOKEN_ISSUER = 'massage-franchise';
export const AUTH_TOKEN_AUDIENCE = 'massage-gateway';
export const AUTH_TOKEN_ALGORITHM = 'HS256';
export const DEFAULT_TOKEN_TTL = '8h';
/** Used only outside production, so a fresh clone works; refused when NODE_ENV=production. */
export const DEV_AUTH_TOKEN_SECRET = 'dev-only-auth-token-secret-do-not-use-in-production';
/** HS256 needs a key at least as long as its 256-bit output to be worth anything. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);
export const LOCATION_CODE_MAX_LENGTH = 64;
const SUBJECT_MAX_LENGTH = 128;

export function isLocationCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LOCATION_CODE_MAX_LENGTH && LOCATION_CODE.test(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signing key from AUTH_TOKEN_SECRET; the dev default (or a short key) is refused in production. */
export function authTokenSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['AUTH_TOKEN_SECRET'];
  const production = env['NODE_ENV'] === 'production';
  if (!configured) {
    if (production) throw new Error('AUTH_TOKEN_SECRET must be set when NODE_ENV=production');
    return DEV_AUTH_TOKEN_SECRET;
  }
  if (production && configured === DEV_AUTH_TOKEN_SECRET) throw new Error('AUTH_TOKEN_SECRET is the development default; refusing to run in production');
  if (production && configured.length < MIN_PRODUCTION_SECRET_LENGTH) {
    throw new Error(`AUTH_TOKEN_SECRET must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`);
  }
  return configured;
}

/** Why a token was not accepted; the message is safe to show the caller. */
export class InvalidTokenError extends Error {}

/** Issues and verifies the gateway's bearer tokens: HS256 JWTs with `sub`, `loc` and `role` claims. */
export class AuthTokens {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    this.jwt = new JwtService({ secret });
  }

  issue(caller: Caller, expiresIn: string | number = DEFAULT_TOKEN_TTL): string {
    assertCaller(caller);
    return this.jwt.sign(
      { sub: caller.sub, loc: caller.loc, role: caller.role },
      // jsonwebtoken types expiresIn as a template-literal string; the CLI passes whatever the user typed.
      { algorithm: AUTH_TOKEN_ALGORITHM, issuer: AUTH_TOKEN_ISSUER, audience: AUTH_TOKEN_AUDIENCE, expiresIn: expiresIn as number },
    );
  }

  /** The caller a token names; throws InvalidTokenError for a bad signature, algorithm, issuer, audience, expiry or claim. */
  verify(token: string): Caller {
    let claims: Record<string, unknown>;
    try {
      claims = this.jwt.verify<Record<string, unknown>>(token, {
        algorithms: [AUTH_TOKEN_ALGORITHM],
        issuer: AUTH_TOKEN_ISSUER,
        audience: AUTH_TOKEN_AUDIENCE,
      });
    } catch (error: unknown) {
      const name = error instanceof Error ? error.name : '';
      throw new InvalidTokenError(name === 'TokenExpiredError' ? 'The bearer token has expired.' : 'The bearer token is not valid.');
    }
    if (typeof claims['exp'] !== 'number') throw new InvalidTokenError('The bearer token has no expiry.');
    const caller = { sub: claims['sub'], loc: claims['loc'], role: claims['role'] };
    try {
      assertCaller(caller);
    } catch {
      throw new InvalidTokenError('The bearer token does not name a subject, a location and a role.');
    }
    return caller;
  }
}

function assertCaller(caller: { sub: unknown; loc: unknown; role: unknown }): asserts caller is Caller {
  if (typeof caller.sub !== 'string' || caller.sub.length === 0 || caller.sub.length > SUBJECT_MAX_LENGTH) {
    throw new Error(`sub must be 1–${SUBJECT_MAX_LENGTH} characters`);
  }
  if (!isLocationCode(caller.loc)) throw new Error(`loc must be a location code (${LOCATION_CODE_PATTERN}, at most ${LOCATION_CODE_MAX_LENGTH} characters)`);
  if (!isRole(caller.role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
}

/** Whether a caller may act for a location: its own, or any location for HQ admins. */
export function mayAccessLocation(caller: Caller, locationId: string): boolean {
  return caller.role === 'admin' || caller.loc === locationId;
}
