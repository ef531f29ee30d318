import { randomUUID } from 'node:crypto';
import { INTAKE_EVENTS_TOPIC, IntakeCompleted } from '@massage/contracts';
import { delay } from '@massage/testing';
import { Kafka, logLevel } from 'kafkajs';
import { IntakeClient } from '../load/intake-client';
import { ALWAYS_DEFERRED_PREFIX, NEVER_ANSWERED_PREFIX } from '../infra/smtp-front';
import { INTAKE_COMPLETED_TYPES } from '../measure/run-ledger';
import type { FaultContext, Scenario } from './scenario';

/**
 * The retry budget of notification in this scenario (docs/reliability.md): 2 attempts, 0.5 s apart. Each
 * failing intake is two records (v1 and v2, one partition), so the records behind them wait two budgets.
 */
const POISON_MAX_ATTEMPTS = 2;

/**
 * 6. Poison records, while ordinary events keep flowing; each must end in the DLQ (counted as dead-lettered),
 * nothing else may be held up for good:
 * - invalid JSON and a schema-invalid IntakeCompleted, produced straight to the topic (a broken producer);
 * - a handler that always throws and one that hangs: real IntakeCompleted events of clients whose mail
 *   server defers their mail for good (451) or never answers (the suite's SMTP front does that for two
 *   address prefixes). Their contact details are recorded first, so it is the welcome that fails.
 */
export const poisonRecords: Scenario = {
  name: 'poison',
  title: `poison records: invalid JSON, schema-invalid, a handler that always throws, one that hangs (${POISON_MAX_ATTEMPTS} attempts)`,
  // Ordinary events behind a failing record in its partition wait for its whole retry budget (ADR 0005);
  // notification's own (8 attempts, up to 30 s apart) would make this scenario measure the budget, not the fault.
  notificationEnv: { NOTIFICATION_MAX_ATTEMPTS: String(POISON_MAX_ATTEMPTS), NOTIFICATION_MAX_BACKOFF_MS: '2000' },
  async inject(ctx) {
    const crafted = await produceCraftedRecords(ctx);
    ctx.log(`produced ${crafted.length} crafted records (invalid JSON, schema-invalid)`);
    const failing = await submitFailingWelcomes(ctx);
    ctx.log(`submitted ${failing.length} intakes whose welcome always throws / hangs`);
    ctx.expectDeadLetters([...crafted, ...failing]);
    return { endedAt: Date.now() };
  },
};

async function produceCraftedRecords({ stores }: FaultContext): Promise<string[]> {
  const producer = new Kafka({ clientId: 'faults-poison', brokers: stores.brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const ids = [randomUUID(), randomUUID()];
  const headers = (id: string): Record<string, string> => ({
    ce_specversion: '1.0',
    ce_id: id,
    ce_type: IntakeCompleted.type,
    ce_source: '/massage/intake',
    ce_time: new Date().toISOString(),
    'content-type': 'application/json',
  });
  try {
    await producer.send({
      topic: INTAKE_EVENTS_TOPIC.name,
      acks: -1,
      messages: [
        { key: randomUUID(), value: '{"intakeId": not json', headers: headers(ids[0] as string) },
        { key: randomUUID(), value: JSON.stringify({ intakeId: 'not-a-uuid', goalCount: -1 }), headers: headers(ids[1] as string) },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return ids;
}

async function submitFailingWelcomes(ctx: FaultContext): Promise<string[]> {
  const { stack, stores } = ctx;
  const client = new IntakeClient({ urls: () => ctx.intake.filter((p) => p.running).map((p) => p.url) }, stack.caller, `faults-poison-${stores.groupId.slice(-6)}`);
  const clients: string[] = [];
  for (const prefix of [ALWAYS_DEFERRED_PREFIX, NEVER_ANSWERED_PREFIX]) {
    const registered = await client.registerClient(`${prefix}.${stores.groupId}@example.com`, 'Poison');
    if (!registered.id) throw new Error(`could not register the ${prefix} client (${registered.outcome})`);
    clients.push(registered.id);
  }
  // The contact first (bounded wait), so the welcome is sent by the IntakeCompleted handler.
  for (let i = 0; i < 100; i += 1) {
    const [row] = await stack.cluster.query<{ n: string }>(stores.notificationDb, 'SELECT count(*) AS n FROM contact WHERE client_id = ANY($1)', [clients]);
    if (Number(row?.n ?? 0) === clients.length) break;
    await delay(200);
  }
  for (const id of clients) {
    const submitted = await client.submitIntake(id);
    if (!submitted.id) throw new Error(`could not submit the poison intake (${submitted.outcome})`);
  }
  // Both versions of each intake: the second finds the client not welcomed (the first rolled back) and fails too.
  const rows = await stack.cluster.query<{ id: string }>(stores.intakeDb, 'SELECT id FROM outbox WHERE type = ANY($1) AND key = ANY($2)', [INTAKE_COMPLETED_TYPES, clients]);
  return rows.map((r) => r.id);
}
