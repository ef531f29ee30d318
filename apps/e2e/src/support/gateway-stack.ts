import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSaslFromEnv } from '@massage/contracts';
import { createTestDatabase, waitFor, type CollectedMessage, type TestDatabase, type TopicCollector } from '@massage/testing';
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

/**
 * A database of this run's own for the service `name` (`<prefix>_<name>`), migrated by the service's own `migrate`;
 * the service's environment for it (`common` added: brokers, assertion keys, …).
 */
export async function migratedDatabase(prefix: string, name: string, common: Record<string, string>): Promise<{ db: TestDatabase; env: Record<string, string> }> {
  const db = await createTestDatabase(`${prefix}_${name}`);
  const env = { ...common, DB_NAME: db.name, PGHOST: db.options.host, PGPORT: String(db.options.port), PGUSER: db.options.user };
  await ServiceProcess.runOnce(name, ['migrate'], env);
  return { db, env };
}

/**
 * Commits the group's offsets at its topics' current ends before its service joins, so that it reads only this run's
 * events (not the shared broker's history of other runs and benchmarks).
 */
export async function startAtTopicEnds(brokers: string[], groupId: string, topics: readonly string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'e2e-offsets', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Calls through the gateway at `url()` (read when called: the gateway starts after the suite declares it). */
export function gatewayCaller(url: () => string): {
  /** A call as `token`; a POST that creates carries a new Idempotency-Key unless one is named (null: none). */
  call: (method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: unknown, idempotencyKey?: string | null) => Promise<Response>;
  /** The answer's JSON body, once its status is `status` (the body is in the failure message otherwise). */
  json: <T>(res: Response, status: number) => Promise<T>;
} {
  return {
    call: (method, path, token, body, idempotencyKey = randomUUID()) =>
      fetch(`${url()}/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    json: async <T>(res: Response, status: number): Promise<T> => {
      const body = (await res.json()) as T;
      expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
      return body;
    },
  };
}

export function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one');
  return item;
}

/** `YYYY-MM-DD` (UTC) `offset` days from today. */
export function utcDay(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
