import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { IntakeCompleted, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import type { Admin, Kafka } from 'kafkajs';
import {
  createTestDatabase,
  createTopics,
  deleteTopics,
  readTopic,
  testKafka,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../../test-support/integration.helpers';
import { intakePayload, quietLogger } from '../../test-support/relay.test-bed';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxWriter } from './outbox-writer.service';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../../../..');
const RELAY_PROCESS = resolve(__dirname, '../../test-support/relay-process.ts');

/** Starts test-support/relay-process.ts on the database; collects its stdout lines. */
function startRelayProcess(database: string, env: Record<string, string>): { child: ChildProcess; lines: string[]; stderr: string[] } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', RELAY_PROCESS, database], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: resolve(ROOT, 'libs/messaging/tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter((l) => l.length > 0)));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return { child, lines, stderr };
}

describe('relay failover when the leader is frozen (a real process, SIGSTOP)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  let def: EventDefinition<IntakeCompletedV1>;
  let leader: ReturnType<typeof startRelayProcess> | undefined;
  let standby: OutboxRelay | undefined;
  const writer = new OutboxWriter('intake');

  beforeAll(async () => {
    db = await createTestDatabase('relay_failover');
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    def = { ...IntakeCompleted, topic: uniqueName('outbox.failover') };
    await createTopics(admin, [def.topic], 1);
  });

  afterAll(async () => {
    const child = leader?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await standby?.stop();
    await deleteTopics(admin, [def.topic]);
    await admin.disconnect();
    await db.drop();
  });

  async function enqueue(clientId: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const payload = intakePayload({ clientId });
      await db.dataSource.transaction((m) => writer.enqueue(m, def, payload));
      ids.push(payload.intakeId);
    }
    return ids;
  }

  const unpublished = async (): Promise<number> =>
    Number(((await db.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)) as { n: string }[])[0]?.n);

  it('a standby publishes within 30 s of the leader freezing in the middle of a round, in seq order, losing nothing', async () => {
    const clientId = randomUUID(); // one key: its events must stay in order across the takeover
    const before = await enqueue(clientId, 10);
    // The leader (defaults: idle_session_timeout 15 s, heartbeat every 5 s, round idle timeout 20 s)
    // sends its first round of 5, then stays in it with the round's rows (and the next 5) locked.
    leader = startRelayProcess(db.name, { STALL_IN_ROUND: '1', BATCH_SIZE: '5' });
    const { child, lines, stderr } = leader;
    await waitFor('the relay process to send a round', () => lines.some((l) => l.startsWith('in-round')), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; its stderr: ${stderr.join('')}`);
    });

    standby = new OutboxRelay({ dataSource: db.dataSource, kafka, logger: quietLogger, pollIntervalMs: 200 });
    await standby.start();
    const current = standby;
    await waitFor('the standby to connect to Kafka', async () => (await current.status()).kafkaConnected);
    expect(current.leading).toBe(false);

    child.kill('SIGSTOP'); // its TCP connections stay open, as with a vanished host
    const frozenAt = Date.now();
    const during = await enqueue(clientId, 5);

    await waitFor('the standby to take over and publish everything', async () => (await unpublished()) === 0, 30_000, 200);
    const takeoverMs = Date.now() - frozenAt;
    expect(current.leading).toBe(true);

    const all = [...before, ...during];
    const records = await readTopic(kafka, def.topic, all.length + 5); // the frozen round's 5 went twice
    const ids = records.map((r) => JSON.parse(r.value ?? 'null').intakeId as string);
    // The frozen round reached Kafka before the freeze and again from the standby: a duplicate, never a loss.
    expect([...new Set(ids)]).toEqual(all);
    process.stderr.write(`relay failover: standby published ${takeoverMs} ms after SIGSTOP\n`);

    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await once(child, 'exit');
  });
});
