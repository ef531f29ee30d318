import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authDevMode } from './auth-dev-mode';
import { assertionPublicKeysFromEnv, assertionSignerFromEnv, GatewayAssertionSigner, GatewayAssertionVerifier, generateAssertionKeyPair } from './gateway-assertion';
import { InvalidTokenError } from './jws';

const NOW = 1_800_000_000;
const actor = { subject: 'fd-1', role: 'front-desk', locationId: 'downtown' } as const;

describe('gateway assertions', () => {
  const current = generateAssertionKeyPair('k1', () => NOW);
  const verifier = new GatewayAssertionVerifier('intake', new Map([['k1', current.publicKey]]), () => NOW);

  it('carries the actor to the audience service', () => {
    expect(verifier.verify(current.signer.sign(actor, 'intake'))).toEqual(actor);
  });

  it.each([
    ['another audience', current.signer.sign(actor, 'notification')],
    ['an expired one', new GatewayAssertionSigner('k1', current.privateKey, () => NOW - 120).sign(actor, 'intake')],
    ['one from an unknown key', generateAssertionKeyPair('k1', () => NOW).signer.sign(actor, 'intake')],
    ['alg none', `${Buffer.from('{"alg":"none","kid":"k1"}').toString('base64url')}.${current.signer.sign(actor, 'intake').split('.')[1]}.`],
    ['an hq location for a front desk', current.signer.sign({ ...actor, locationId: '*' }, 'intake')],
  ])('refuses %s', (_case, token) => {
    expect(() => verifier.verify(token)).toThrow(InvalidTokenError);
  });

  it('refuses the same assertion twice (no replay), and forgets it once expired', () => {
    let now = NOW;
    const once = new GatewayAssertionVerifier('intake', new Map([['k1', current.publicKey]]), () => now);
    const signer = new GatewayAssertionSigner('k1', current.privateKey, () => now);
    const token = signer.sign(actor, 'intake');
    expect(once.verify(token)).toEqual(actor);
    expect(() => once.verify(token)).toThrow(/used already/);
    expect(once.verify(signer.sign(actor, 'intake'))).toEqual(actor);
    now += 120;
    expect(() => once.verify(token)).toThrow(/expired/);
  });

  it('rotates: services accept old and new key ids while the gateway switches', () => {
    const next = generateAssertionKeyPair('k2', () => NOW);
    const both = new GatewayAssertionVerifier('intake', new Map([['k1', current.publicKey], ['k2', next.publicKey]]), () => NOW);
    expect(both.verify(current.signer.sign(actor, 'intake'))).toEqual(actor);
    expect(both.verify(next.signer.sign(actor, 'intake'))).toEqual(actor);
  });
});

describe('keys from the environment', () => {
  it('refuses to run without keys unless AUTH_DEV_MODE=1, and refuses dev mode in production', () => {
    expect(() => assertionSignerFromEnv({})).toThrow(/AUTH_DEV_MODE/);
    expect(() => assertionPublicKeysFromEnv({})).toThrow(/AUTH_DEV_MODE/);
    expect(() => authDevMode({ AUTH_DEV_MODE: '1', NODE_ENV: 'production' })).toThrow(/production/);
    expect(() => authDevMode({ AUTH_DEV_MODE: 'yes' })).toThrow(/must be 1/);
  });

  it('shares one development pair between the gateway and the services of a data directory', () => {
    const env = { AUTH_DEV_MODE: '1', DATA_DIR: mkdtempSync(join(tmpdir(), 'auth-dev-')) };
    const signer = assertionSignerFromEnv(env);
    const verifier = new GatewayAssertionVerifier('intake', assertionPublicKeysFromEnv(env));
    expect(verifier.verify(signer.sign(actor, 'intake'))).toEqual(actor);
  });

  it('signs with the private key from AUTH_ASSERTION_PRIVATE_KEY, verified with the public key by key id', () => {
    const pair = generateAssertionKeyPair('prod-2026');
    const signer = assertionSignerFromEnv({ AUTH_ASSERTION_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), AUTH_ASSERTION_KEY_ID: 'prod-2026' });
    expect(new GatewayAssertionVerifier('intake', assertionPublicKeysFromEnv({ AUTH_ASSERTION_PUBLIC_KEYS: pair.publicKeysJson })).verify(signer.sign(actor, 'intake'))).toEqual(actor);
    expect(() => assertionSignerFromEnv({ AUTH_ASSERTION_PRIVATE_KEY: 'x' })).toThrow(/AUTH_ASSERTION_KEY_ID/);
  });

  it('reads public keys by key id from AUTH_ASSERTION_PUBLIC_KEYS', () => {
    const pair = generateAssertionKeyPair('prod-2026');
    expect([...assertionPublicKeysFromEnv({ AUTH_ASSERTION_PUBLIC_KEYS: pair.publicKeysJson }).keys()]).toEqual(['prod-2026']);
    expect(() => assertionPublicKeysFromEnv({ AUTH_ASSERTION_PUBLIC_KEYS: '[1]' })).toThrow(/JSON object/);
  });
});
