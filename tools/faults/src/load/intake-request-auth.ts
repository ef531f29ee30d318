import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * How the suite's requests to intake are authenticated: the ONE place to change when intake's rules
 * change. The suite calls intake directly, standing in for the gateway (docs/security.md): it signs the
 * gateway's per-request assertion (EdDSA JWT, header `x-gateway-assertion`) with a key pair of its own,
 * whose public half the services are given (`AUTH_ASSERTION_PUBLIC_KEYS`). Services that still read
 * `x-location-id` get that too. Every creating POST carries a fresh `Idempotency-Key` (the suite never
 * retries a request, so each one is its own operation).
 */
export class SuiteCaller {
  private readonly kid = 'faults-suite';
  private readonly privateKey: KeyObject;
  private readonly publicKeyPem: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** What a service needs to trust the suite's assertions. */
  serviceEnv(): Record<string, string> {
    return { AUTH_ASSERTION_PUBLIC_KEYS: JSON.stringify({ [this.kid]: this.publicKeyPem }) };
  }

  /** Headers of one request to `audience` (a service name) as front-desk staff of `locationId`. */
  headers(audience: string, locationId: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-location-id': locationId,
      'x-gateway-assertion': this.assertion(audience, locationId),
      'x-correlation-id': randomUUID(),
      'idempotency-key': randomUUID(),
    };
  }

  private assertion(audience: string, locationId: string): string {
    const iat = Math.floor(Date.now() / 1000);
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { iss: 'massage-gateway', aud: audience, sub: 'faults-suite', role: 'front-desk', loc: locationId, iat, exp: iat + 60, jti: randomUUID() };
    const unsigned = `${encode({ alg: 'EdDSA', typ: 'JWT', kid: this.kid })}.${encode(claims)}`;
    return `${unsigned}.${sign(null, Buffer.from(unsigned), this.privateKey).toString('base64url')}`;
  }
}
