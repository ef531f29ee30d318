import { join } from 'node:path';
import { deadLetterTopicName, INTAKE_CLIENT_CONTACT_TOPIC, INTAKE_EVENTS_TOPIC, NOTIFICATION_CONSUMER_GROUP } from '@massage/contracts';
import { delay, ensureTopics } from '@massage/testing';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './infra/free-port';
import { ServiceProcess } from './infra/service-process';
import { TEMPLATE_DATABASES, type ServiceName, type SuiteStack } from './infra/suite-stack';
import { IntakeClient } from './load/intake-client';
import { SteadyLoad } from './load/steady-load';
import { countHandled, readCommitted, readEvidence, type RunStores } from './measure/run-ledger';
import { judgeRun, type RunVerdict } from './measure/run-verdict';
import type { FaultContext, Scenario } from './scenarios/scenario';

export interface RunSettings {
  ratePerSecond: number;
  intakesPerClient: number;
  warmupMs: number;
  afterFaultLoadMs: number;
  drainTimeoutMs: number;
  lateAfterMs: number;
}

export interface RunResult extends RunVerdict {
  scenario: string;
  run: number;
  requests: { created: number; refused: number; failed: number };
  /** Where the run's wall time went, ms (see RunPhases). */
  phases: RunPhases;
  error?: string;
}

/**
 * Wall time of a run by phase, ms: `setup` (databases, consumer group, replicas started and joined),
 * `fault` (load on, the fault, load on after it), `drain` (until every event is handled, with a
 * released fault's own wait), `count` (reading the stores) and `teardown` (replicas stopped).
 */
export interface RunPhases {
  setup: number;
  fault: number;
  drain: number;
  count: number;
  teardown: number;
}

/** Marks phase boundaries; each `end(phase)` charges the time since the previous mark to that phase. */
class PhaseClock {
  readonly phases: RunPhases = { setup: 0, fault: 0, drain: 0, count: 0, teardown: 0 };
  private last = Date.now();

  end(phase: keyof RunPhases): void {
    const now = Date.now();
    this.phases[phase] += now - this.last;
    this.last = now;
  }
}

/**
 * One run of one scenario on fresh databases and a fresh consumer group: start the services, put the
 * load on, inject the fault, stop the load, wait for the backlog to drain (bounded), count.
 */
export async function runScenario(stack: SuiteStack, scenario: Scenario, run: number, settings: RunSettings, log: (line: string) => void): Promise<RunResult> {
  const runId = `${scenario.name.replace(/[^a-z0-9]/g, '')}${run}${Date.now().toString(36).slice(-4)}`;
  const groupId = `faults-${runId}`;
  const stores: RunStores = {
    cluster: stack.cluster,
    intakeDb: `faults_${runId}_intake`,
    notificationDb: `faults_${runId}_notification`,
    groupId,
    deadLetterTopic: deadLetterTopicName(groupId),
    brokers: stack.broker.brokers,
    mailboxDir: stack.catcher.mailboxDir,
  };
  const intake: ServiceProcess[] = [];
  const notification: ServiceProcess[] = [];
  const expectedDeadLetters = new Set<string>();
  const logDir = join(stack.runDir, 'logs');
  const database = { intake: stores.intakeDb, notification: stores.notificationDb };
  // Nobody opens the run's location in scheduling here: intake accepts its code (ADR 0014's transition switch), and its
  // consumer of scheduling's topics gets a group of the run's own.
  const replicaEnv: Record<ServiceName, Record<string, string>> = {
    intake: { KNOWN_LOCATIONS_ENFORCED: 'false', INTAKE_GROUP_ID: `${groupId}-intake` },
    notification: { ...scenario.notificationEnv, NOTIFICATION_GROUP_ID: groupId },
  };
  let replicas = 0;

  const addReplica = async (service: ServiceName): Promise<ServiceProcess> => {
    replicas += 1;
    const list = service === 'intake' ? intake : notification;
    const proc = new ServiceProcess(service, `${runId}-${service}-${replicas}`, await freePort(service), stack.bundle(service), stack.serviceEnv(database[service], replicaEnv[service]), logDir);
    list.push(proc);
    await proc.start();
    return proc;
  };

  const ctx: FaultContext = {
    stack,
    stores,
    intake,
    notification,
    addReplica,
    expectDeadLetters: (ids) => ids.forEach((id) => expectedDeadLetters.add(id)),
    log: (line) => log(`  [${scenario.name} #${run}] ${line}`),
  };
  const intakeClient = new IntakeClient({ urls: () => intake.filter((p) => p.running).map((p) => p.url) }, stack.caller, `faults-${runId}`.slice(0, 60));
  const load = new SteadyLoad(intakeClient, {
    ratePerSecond: settings.ratePerSecond,
    intakesPerClient: settings.intakesPerClient,
    runId,
  });
  const clock = new PhaseClock();
  let result: Omit<RunResult, 'phases'>;

  try {
    const marks = [Date.now()];
    for (const service of ['intake', 'notification'] as const) {
      await stack.cluster.query('postgres', `CREATE DATABASE "${database[service]}" TEMPLATE "${TEMPLATE_DATABASES[service]}"`);
    }
    await retrying(() => prepareConsumerGroup(stores), 'preparing the consumer group');
    marks.push(Date.now());
    await Promise.all([
      ...Array.from({ length: scenario.intakeReplicas ?? 1 }, () => addReplica('intake')),
      ...Array.from({ length: scenario.notificationReplicas ?? 1 }, () => addReplica('notification')),
    ]);
    marks.push(Date.now());
    await waitForGroup(stores, notification.length);
    marks.push(Date.now());
    clock.end('setup');
    const step = (k: number): string => ((marks[k + 1] as number) - (marks[k] as number)).toFixed(0);
    ctx.log(`setup: databases and group ${step(0)} ms, replicas healthy ${step(1)} ms, group stable ${step(2)} ms`);

    ctx.log(`load ${settings.ratePerSecond} req/s; fault in ${settings.warmupMs} ms`);
    load.start();
    await delay(settings.warmupMs);
    const window = await scenario.inject(ctx);
    ctx.log(`fault over; load for ${settings.afterFaultLoadMs} ms more`);
    await delay(settings.afterFaultLoadMs);
    await load.stop();
    if (intakeClient.lastRefusal) ctx.log(`first refused request: ${intakeClient.lastRefusal}`);
    clock.end('fault');
    const drained = await waitForDrain(stores, expectedDeadLetters, scenario.drainTimeoutMs ?? settings.drainTimeoutMs);
    ctx.log(drained ? 'backlog drained' : 'backlog NOT drained before the deadline');
    if (window.release) {
      await window.release();
      await delay(3_000); // what a released replica still had in hand lands now, if it does
      await waitForDrain(stores, expectedDeadLetters, 15_000);
    }
    clock.end('drain');
    const committed = await readCommitted(stores);
    if (committed.length === 0) throw new Error(`no event was committed (requests ${JSON.stringify(load.counts)}; ${intakeClient.lastRefusal ?? 'no answer'})`);
    const verdict = judgeRun({
      committed,
      evidence: await readEvidence(stores),
      expectedDeadLetters,
      faultEndedAt: window.endedAt,
      lateAfterMs: settings.lateAfterMs,
    });
    clock.end('count');
    result = { scenario: scenario.name, run, requests: { ...load.counts }, ...verdict };
  } catch (error) {
    await load.stop();
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`run failed: ${message}`);
    result = {
      scenario: scenario.name,
      run,
      requests: { ...load.counts },
      events: 0,
      lost: 0,
      duplicated: 0,
      orderViolations: 0,
      deadLettered: 0,
      duplicateMails: 0,
      recoveryMs: null,
      details: { notHandled: 0, notWelcomed: 0, noMail: 0, unexpectedDeadLetters: 0, poisonNotDeadLettered: 0, examples: [] },
      error: message,
    };
  } finally {
    stack.front.resume();
    stack.broker.thaw();
    await Promise.all([...intake, ...notification].map((p) => p.stop()));
    await Promise.all([...intake, ...notification].map((p) => p.closeLog()));
  }
  clock.end('teardown');
  return { ...result, phases: clock.phases };
}

/**
 * The run's group starts at the current end of its topics (earlier runs' events are not its business) and has its own DLQ.
 * Offsets are set as kafkajs's admin.setOffsets does (a member that joins, seeks while paused, and leaves), but with a
 * short fetch wait: setOffsets waits out the default 5 s per topic, 10 s of every run's setup.
 */
async function prepareConsumerGroup(stores: RunStores): Promise<void> {
  const dlq = NOTIFICATION_CONSUMER_GROUP.deadLetterTopic;
  await ensureTopics(stores.brokers, [{ name: stores.deadLetterTopic, partitions: dlq.partitions, cleanupPolicy: dlq.cleanupPolicy }], 'faults-setup');
  const kafka = new Kafka({ clientId: 'faults-setup', brokers: stores.brokers, logLevel: logLevel.NOTHING });
  const topics = [INTAKE_EVENTS_TOPIC.name, INTAKE_CLIENT_CONTACT_TOPIC.name];
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))).finally(() => admin.disconnect());
  const consumer = kafka.consumer({ groupId: stores.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve()); // the first fetch comes after the seeks are committed
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const { topic, partitions } of ends) for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.high });
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Waits (bounded) until the group is stable with `members` members, so the load does not start into a rebalance. */
async function waitForGroup(stores: RunStores, members: number): Promise<void> {
  const admin = new Kafka({ clientId: 'faults-setup', brokers: stores.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { groups } = await admin.describeGroups([stores.groupId]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length >= members) return;
      await delay(250);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Polls until every committed event has been handled and every expected dead letter is in the DLQ. Bounded:
 * gives up when nothing has moved (events handled, dead-lettered, or handler attempts recorded) for
 * `stallMs`, or after `timeoutMs` at the latest, so a slow but steady drain on a loaded machine is not
 * mistaken for a lost event, and a stuck one does not hang the suite.
 */
async function waitForDrain(stores: RunStores, expectedDeadLetters: ReadonlySet<string>, timeoutMs: number, stallMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastProgress = '';
  let lastMovedAt = Date.now();
  while (Date.now() < deadline && Date.now() - lastMovedAt < stallMs) {
    try {
      const committed = (await readCommitted(stores)).filter((e) => !expectedDeadLetters.has(e.id)).length;
      const deadLettered = await deadLetterCount(stores);
      const handled = await countHandled(stores);
      // Ordinary events given up on (dead-lettered) no longer wait: the verdict counts them as lost.
      const givenUp = Math.max(0, deadLettered - expectedDeadLetters.size);
      if (handled + givenUp >= committed && deadLettered >= expectedDeadLetters.size) return true;
      const progress = `${handled}/${deadLettered}/${await countAttempts(stores)}`;
      if (progress !== lastProgress) [lastProgress, lastMovedAt] = [progress, Date.now()];
    } catch {
      // a store still coming back: ask again
    }
    await delay(500);
  }
  return false;
}

/** Failed handler attempts recorded by the consumer (0 where the table does not exist). */
async function countAttempts(stores: RunStores): Promise<number> {
  const rows = await stores.cluster
    .query<{ n: string }>(stores.notificationDb, 'SELECT coalesce(sum(attempts), 0) AS n FROM consumer_attempt')
    .catch(() => [{ n: '0' }]);
  return Number(rows[0]?.n ?? 0);
}

async function deadLetterCount(stores: RunStores): Promise<number> {
  const admin = new Kafka({ clientId: 'faults-probe', brokers: stores.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(stores.deadLetterTopic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Retries a setup step a few times: a broker that just started (or restarted) refuses group requests for a moment. */
async function retrying<T>(step: () => Promise<T>, what: string, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw new Error(`${what} failed ${attempts} times: ${error instanceof Error ? error.message : String(error)}`);
      await delay(1_000);
    }
  }
}
