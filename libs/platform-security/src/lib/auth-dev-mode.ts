import { generateKeyPairSync } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `AUTH_DEV_MODE=1`: the only way to run with development keys (a fixed bearer secret, and an assertion key
 * pair generated once under $DATA_DIR/auth-dev). Never a silent fallback, and refused with NODE_ENV=production.
 */
export function authDevMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['AUTH_DEV_MODE'];
  if (value === undefined || value === '' || value === '0') return false;
  if (value !== '1') throw new Error(`AUTH_DEV_MODE must be 1 or unset, got "${value}"`);
  if (env['NODE_ENV'] === 'production') throw new Error('AUTH_DEV_MODE=1 is refused when NODE_ENV=production');
  return true;
}

/** Bearer-token secret of development mode (key id `dev`); it is in the source, so it protects nothing. */
export const DEV_AUTH_TOKEN_SECRET = 'dev-only-auth-token-secret-do-not-use-in-production';
export const DEV_AUTH_TOKEN_KEY_ID = 'dev';

export interface DevAssertionKeys {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The development assertion key pair, shared by the gateway and the services started from the same $DATA_DIR.
 * Whoever starts first creates it; the file appears atomically (link), so concurrent starts agree on one pair.
 */
export function devAssertionKeys(env: NodeJS.ProcessEnv = process.env): DevAssertionKeys {
  const dir = join(resolve(env['DATA_DIR'] || '.data'), 'auth-dev');
  const file = join(dir, 'assertion-keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DevAssertionKeys;
  } catch {
    // not there yet: create it
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keys: DevAssertionKeys = {
    kid: `dev-${Date.now().toString(36)}`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch {
    // another process won the race: use its pair
  } finally {
    unlinkSync(temporary);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as DevAssertionKeys;
}
