import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor, type CollectedMessage, type TopicCollector } from '@massage/testing';
import { ServiceProcess } from './service-process';

/**
 * What an e2e suite needs to run the gateway in front of services as real processes: a bearer secret, the gateway's
 * assertion key pair (private half in a file for the gateway, public half in every service's environment) and tokens
 * issued by the gateway's own `issue-token` command.
 */
export class GatewayKeys {
  readonly bearerSecret = ('e2e-secret-' + Math.random().toString(36).slice(2)).padEnd(40, 'x');
  readonly assertionKeyFile: string;
  /** `AUTH_ASSERTION_PUBLIC_KEYS` for the services. */
  readonly publicKeys: string;

  constructor() {
    const pair = generateKeyPairSync('ed25519');
    this.assertionKeyFile = join(mkdtempSync(join(tmpdir(), 'e2e-keys-')), 'assertion.pem');
    writeFileSync(this.assertionKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    this.publicKeys = JSON.stringify({ e2e: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  }

  /** The gateway's environment (with the services' URLs added by the caller). */
  gatewayEnv(): Record<string, string> {
    return { AUTH_TOKEN_SECRET: this.bearerSecret, AUTH_ASSERTION_PRIVATE_KEY_FILE: this.assertionKeyFile, AUTH_ASSERTION_KEY_ID: 'e2e' };
  }

  /** A bearer token for `role` (at `location`, unless hq-admin). */
  async token(role: string, location?: string, subject?: string): Promise<string> {
    const args = ['issue-token', '--role', role, ...(location ? ['--location', location] : []), ...(subject ? ['--sub', subject] : [])];
    return (await ServiceProcess.runOnce('gateway', args, { AUTH_TOKEN_SECRET: this.bearerSecret })).trim();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The first collected message that matches, waiting for it up to 30 s. */
export function waitForMessage(collector: TopicCollector, match: (m: CollectedMessage) => boolean, description = 'the event on its topic'): Promise<CollectedMessage> {
  return waitFor(async () => collector.messages.find(match), { timeoutMs: 30_000, description });
}
