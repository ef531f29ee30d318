import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ANY_LOCATION, isMachineRole, isRole, type Actor } from '@massage/security';
import { authDevMode, devAssertionKeys } from './auth-dev-mode';
import { InvalidTokenError, signJwt, verifyJwt } from './jws';

/** Header carrying the gateway's signed assertion on every request it forwards to a service. */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion';
export const GATEWAY_ASSERTION_ISSUER = 'massage-gateway';
/** An assertion covers one forwarded request: it lives a minute. */
export const GATEWAY_ASSERTION_TTL_SECONDS = 60;

/** Seconds since the epoch; tests pass their own clock. */
export type Clock = () => number;
export const systemClock: Clock = () => Math.floor(Date.now() / 1000);

/** Signs assertions: only the gateway holds the private key. */
export class GatewayAssertionSigner {
  constructor(
    private readonly kid: string,
    private readonly privateKey: KeyObject,
    private readonly clock: Clock = systemClock,
  ) {
    if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') throw new Error('the assertion key must be an Ed25519 private key');
  }

  /** An assertion that `actor` is calling `audience` (the target service's name). */
  sign(actor: Actor, audience: string): string {
    const iat = this.clock();
    return signJwt('EdDSA', this.kid, this.privateKey, {
      iss: GATEWAY_ASSERTION_ISSUER,
      aud: audience,
      sub: actor.subject,
      role: actor.role,
      loc: actor.locationId,
      iat,
      exp: iat + GATEWAY_ASSERTION_TTL_SECONDS,
    });
  }
}

/**
 * Verifies assertions in a service: the gateway's public keys by key id, and this service's name as audience.
 * An assertion covers one request: its `jti` is remembered until it expires and a second use is refused, so a
 * captured assertion cannot be replayed (per process; replicas each keep their own memory).
 */
export class GatewayAssertionVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly audience: string,
    private readonly publicKeys: ReadonlyMap<string, KeyObject>,
    private readonly clock: Clock = systemClock,
  ) {}

  verify(token: string): Actor {
    const claims = verifyJwt(token, {
      alg: 'EdDSA',
      keys: this.publicKeys,
      issuer: GATEWAY_ASSERTION_ISSUER,
      audience: this.audience,
      now: this.clock(),
      maxLifetimeSeconds: GATEWAY_ASSERTION_TTL_SECONDS,
    });
    const { sub, role, loc } = claims;
    if (!(isRole(role) || isMachineRole(role)) || typeof loc !== 'string' || loc.length === 0 || loc.length > 64) {
      throw new InvalidTokenError('The assertion does not name a role and a location.');
    }
    if (loc === ANY_LOCATION && role !== 'hq-admin') throw new InvalidTokenError('Only hq-admin acts for every location.');
    this.forgetExpired();
    if (this.seen.has(claims.jti)) throw new InvalidTokenError('The assertion has been used already.');
    this.seen.set(claims.jti, claims.exp);
    return { subject: sub, role, locationId: loc };
  }

  private forgetExpired(): void {
    const now = this.clock();
    // Insertion order is close to expiry order (every assertion lives the same minute).
    for (const [jti, exp] of this.seen) {
      if (exp + 5 > now) break;
      this.seen.delete(jti);
    }
  }
}

/**
 * The gateway's signing key: AUTH_ASSERTION_PRIVATE_KEY_FILE (PKCS#8 PEM, Ed25519) or AUTH_ASSERTION_PRIVATE_KEY (the PEM
 * itself, e.g. from a secret store) and AUTH_ASSERTION_KEY_ID,
 * or, with AUTH_DEV_MODE=1 only, the development pair under $DATA_DIR/auth-dev.
 */
export function assertionSignerFromEnv(env: NodeJS.ProcessEnv = process.env, clock?: Clock): GatewayAssertionSigner {
  const file = env['AUTH_ASSERTION_PRIVATE_KEY_FILE'];
  const inline = env['AUTH_ASSERTION_PRIVATE_KEY'];
  if (file || inline) {
    const kid = env['AUTH_ASSERTION_KEY_ID'];
    if (!kid) throw new Error('AUTH_ASSERTION_KEY_ID must name the assertion signing key');
    return new GatewayAssertionSigner(kid, createPrivateKey(file ? readFileSync(file) : (inline as string)), clock);
  }
  if (!authDevMode(env)) throw new Error('AUTH_ASSERTION_PRIVATE_KEY_FILE (or AUTH_ASSERTION_PRIVATE_KEY) and AUTH_ASSERTION_KEY_ID must be set (or AUTH_DEV_MODE=1 for development keys)');
  const dev = devAssertionKeys(env);
  return new GatewayAssertionSigner(dev.kid, createPrivateKey(dev.privateKeyPem), clock);
}

/**
 * A service's view of the gateway's public keys: AUTH_ASSERTION_PUBLIC_KEYS (JSON object key id → SPKI PEM) or
 * AUTH_ASSERTION_PUBLIC_KEYS_FILE (a file holding that object), plus the development key with AUTH_DEV_MODE=1.
 * Rotation: add the new key here, switch the gateway, later remove the old one (docs/security.md).
 */
export function assertionPublicKeysFromEnv(env: NodeJS.ProcessEnv = process.env): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const file = env['AUTH_ASSERTION_PUBLIC_KEYS_FILE'];
  const inline = env['AUTH_ASSERTION_PUBLIC_KEYS'];
  for (const [source, text] of [
    ['AUTH_ASSERTION_PUBLIC_KEYS', inline],
    ['AUTH_ASSERTION_PUBLIC_KEYS_FILE', file ? readFileSync(file, 'utf8') : undefined],
  ] as const) {
    if (!text) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${source} must be a JSON object of key id → public key PEM`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${source} must be a JSON object of key id → public key PEM`);
    for (const [kid, pem] of Object.entries(parsed)) {
      if (typeof pem !== 'string') throw new Error(`${source}: key ${kid} must be a PEM string`);
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: key ${kid} must be an Ed25519 public key`);
      keys.set(kid, key);
    }
  }
  if (authDevMode(env)) {
    const dev = devAssertionKeys(env);
    keys.set(dev.kid, createPublicKey(dev.publicKeyPem));
  }
  if (keys.size === 0) throw new Error('AUTH_ASSERTION_PUBLIC_KEYS or AUTH_ASSERTION_PUBLIC_KEYS_FILE must name the gateway’s public key(s) (or AUTH_DEV_MODE=1)');
  return keys;
}

/** A fresh Ed25519 pair: the gateway's signer and the `AUTH_ASSERTION_PUBLIC_KEYS` value services need (tests, key rotation). */
export function generateAssertionKeyPair(kid: string, clock?: Clock): { signer: GatewayAssertionSigner; publicKeysJson: string; publicKey: KeyObject; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeysJson = JSON.stringify({ [kid]: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  return { signer: new GatewayAssertionSigner(kid, privateKey, clock), publicKeysJson, publicKey, privateKey };
}
