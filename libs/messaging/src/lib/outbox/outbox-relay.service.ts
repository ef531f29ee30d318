import { Logger } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { OUTBOX_CHANNEL } from './outbox.constants';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, trace?: string): void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  /** Rows per round (one transaction, one sendBatch). Default 100. */
  batchSize?: number;
  /** The safety-net poll, for missed NOTIFYs and a lost LISTEN connection. Default 1000 ms. */
  pollIntervalMs?: number;
  logger?: RelayLogger;
  hooks?: {
    /** Runs after Kafka acknowledged a round and before the rows are marked published; throwing rolls the round back. */
    afterPublish?: (ids: string[]) => Promise<void>;
  };
  /**
   * Only one relay of all replicas sharing the database publishes (the holder of a session advisory lock,
   * taken on its LISTEN connection); the others stand by and take over when it goes. This keeps per-key
   * order across replicas, which SKIP LOCKED alone does not (two replicas could send adjacent batches
   * concurrently). Default true; false lets replicas publish disjoint batches in parallel (SKIP LOCKED)
   * at the price of cross-batch order.
   */
  exclusive?: boolean;
  /**
   * `application_name` of the relay's control connection (LISTEN and the leader lock), as
   * pg_stat_activity shows it. Default `<DataSource applicationName, or massage>-outbox-listen`.
   */
  applicationName?: string;
  /**
   * Published rows older than this are deleted (they are on Kafka; the table only needs recent history for
   * troubleshooting). Default 7 days; 0 keeps them forever.
   */
  publishedRetentionMs?: number;
  /** How often the relay (the leader, when exclusive) prunes, between rounds. Default 1 hour. */
  pruneIntervalMs?: number;
}

/** Options of {@link OutboxRelay.stop}. */
export interface OutboxRelayStopOptions {
  /**
   * After the round in hand, publish what is still unpublished for at most this long (checked between
   * rounds; the round in hand always finishes): rows committed just before the stop, whose NOTIFY came
   * too late to wake the relay. Only for a started relay, and only if it leads. Default 0 (none).
   */
  finalDrainMs?: number;
}

interface OutboxRow {
  id: string;
  /** bigint, as text. */
  seq: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** The payload as JSON text (jsonb's own rendering). */
  value: string;
}

/** A locked batch: finish() marks it published and commits; abandon() rolls back. Both release the connection. */
interface OpenRound {
  rows: OutboxRow[];
  finish: () => Promise<void>;
  abandon: () => Promise<void>;
}

/** Advisory-lock key of the relay (a fixed int8, so it cannot collide with a service's own small lock ids by accident). */
export const OUTBOX_RELAY_LOCK_KEY = '7264517298174460001';
const LISTEN_RECONNECT_MS = 1000;

/**
 * Publishes `outbox` rows to Kafka in `seq` order and marks them published. Woken by NOTIFY on
 * channel `outbox` (sent by OutboxWriter on commit), with a poll as the safety net.
 * At-least-once: a crash between Kafka's ack and the commit republishes the round; consumers dedupe
 * by `ce_id` (inbox).
 */
export class OutboxRelay {
  private readonly dataSource: DataSource;
  private readonly kafka: Kafka;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: RelayLogger;
  private readonly hooks: NonNullable<OutboxRelayOptions['hooks']>;
  private readonly exclusive: boolean;
  private readonly applicationName: string | undefined;
  private readonly publishedRetentionMs: number;
  private readonly pruneIntervalMs: number;
  private lastPruneAt = 0;

  private producer: Producer | undefined;
  private producerConnecting: Promise<Producer> | undefined;
  /** Own session: LISTEN, and the leader lock when exclusive. */
  private control: Client | undefined;
  private controlConnecting: Promise<Client> | undefined;
  private controlReconnect: NodeJS.Timeout | undefined;
  private leader = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopping = false;
  /** A wake-up arrived that no round has served yet. */
  private dirty = false;
  private loop: Promise<void> | undefined;
  /** Serialises rounds of this relay (the loop and drainOnce callers). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(opts: OutboxRelayOptions) {
    this.dataSource = opts.dataSource;
    this.kafka = opts.kafka;
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.logger = opts.logger ?? new Logger(OutboxRelay.name);
    this.hooks = opts.hooks ?? {};
    this.exclusive = opts.exclusive ?? true;
    this.applicationName = opts.applicationName;
    this.publishedRetentionMs = opts.publishedRetentionMs ?? 7 * 24 * 3600 * 1000;
    this.pruneIntervalMs = opts.pruneIntervalMs ?? 3600 * 1000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error('batchSize must be a positive integer');
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    try {
      await this.ensureProducer();
    } catch (e) {
      this.started = false;
      throw e;
    }
    await this.startListening();
    this.pollTimer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.pollTimer.unref();
    this.wake(); // rows left over from before the start
  }

  /**
   * Stops waking up and waits for the round in hand; with `finalDrainMs`, publishes what is left for at
   * most that long (see {@link OutboxRelayStopOptions}); then disconnects (releasing the leader lock).
   */
  async stop(opts: OutboxRelayStopOptions = {}): Promise<void> {
    const wasStarted = this.started;
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.controlReconnect) clearTimeout(this.controlReconnect);
    this.pollTimer = undefined;
    this.controlReconnect = undefined;
    await this.loop;
    await this.chain.catch(() => undefined);
    const finalDrainMs = opts.finalDrainMs ?? 0;
    if (wasStarted && finalDrainMs > 0) {
      try {
        const published = await this.serialised(() => this.drain(Date.now() + finalDrainMs));
        if (published > 0) this.logger.log(`published ${published} outbox row(s) in the final drain before stopping`);
      } catch (e) {
        // The rows stay unpublished: the next leader (another replica, or this service's next start) sends them.
        this.logger.warn(`final outbox drain failed: ${(e as Error).message}`);
      }
    }
    await this.controlConnecting?.catch(() => undefined);
    const control = this.control;
    this.control = undefined;
    this.leader = false;
    if (control) await control.end().catch(() => undefined); // also releases the leader lock
    const producer = this.producer ?? (await this.producerConnecting?.catch(() => undefined));
    this.producer = undefined;
    this.producerConnecting = undefined;
    if (producer) await producer.disconnect();
    this.started = false;
  }

  /** True while this relay holds the leader lock (always false with `exclusive: false`). For health checks and metrics. */
  get leading(): boolean {
    return this.exclusive && this.leader;
  }

  /** Publishes everything unpublished now (round after round); resolves with the number of rows published. */
  drainOnce(): Promise<number> {
    return this.serialised(() => this.drain());
  }

  /**
   * Deletes published rows older than the retention, a bounded batch at a time so no statement holds
   * the table long; unpublished rows are never touched. Resolves with the number of rows deleted.
   */
  async prunePublished(batch = 5000): Promise<number> {
    if (this.publishedRetentionMs <= 0) return 0;
    let total = 0;
    for (;;) {
      const [row] = (await this.dataSource.query(
        `WITH pruned AS (
           DELETE FROM "outbox" WHERE "id" IN (
             SELECT "id" FROM "outbox"
             WHERE "published_at" IS NOT NULL AND "published_at" < now() - make_interval(secs => $1)
             LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS "n" FROM pruned`,
        [this.publishedRetentionMs / 1000, batch],
      )) as { n: number }[];
      const deleted = row?.n ?? 0;
      total += deleted;
      if (deleted < batch || this.stopping) return total;
    }
  }

  /** Between rounds, at most once per pruneIntervalMs, and only by the relay that publishes. */
  private async pruneIfDue(): Promise<void> {
    const now = Date.now();
    if (this.publishedRetentionMs <= 0 || now - this.lastPruneAt < this.pruneIntervalMs) return;
    if (this.exclusive && !this.leader) return;
    this.lastPruneAt = now;
    try {
      const deleted = await this.prunePublished();
      if (deleted > 0) this.logger.log(`pruned ${deleted} published outbox row(s) older than the retention`);
    } catch (e) {
      this.logger.warn(`outbox pruning failed (tried again in ${this.pruneIntervalMs} ms): ${(e as Error).message}`);
    }
  }

  /** Asks for a round; wake-ups during a round lead to one more round. */
  private wake(): void {
    if (!this.started || this.stopping) return;
    this.dirty = true;
    if (this.loop) return;
    this.loop = this.runLoop().finally(() => {
      this.loop = undefined;
      if (this.dirty) this.wake();
    });
  }

  private async runLoop(): Promise<void> {
    while (this.dirty && !this.stopping) {
      this.dirty = false;
      try {
        await this.serialised(() => this.drain());
        await this.pruneIfDue();
      } catch (e) {
        // The rows stay unpublished; the next poll tick (or NOTIFY) tries again.
        this.logger.error(`outbox round failed: ${(e as Error).message}`, (e as Error).stack);
        return;
      }
    }
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Rounds until the table is drained, pipelined: while round k is being sent, round k+1 is already
   * selected (the rows after k's last `seq`) and round k-1 is being marked and committed.
   * Sends stay strictly one after the other, so Kafka receives the rows in `seq` order.
   * `deadline` (the final drain of stop()) lets it go on while stopping, until that time.
   * With `exclusive`, leadership is checked before every send: a relay whose LISTEN session (and so its
   * lock) is gone abandons the round in hand and stops, because another replica may be publishing already.
   */
  private async drain(deadline?: number): Promise<number> {
    if (!(await this.ensureLeader())) return 0;
    const producer = await this.ensureProducer();
    const goOn = (): boolean => (deadline === undefined ? !this.stopping : Date.now() < deadline);
    let total = 0;
    let next: Promise<OpenRound> | undefined = handled(this.openRound());
    let finishing: Promise<void> | undefined;
    try {
      while (next) {
        const round: OpenRound = await next;
        next = undefined;
        if (round.rows.length === 0 || !goOn()) {
          await round.abandon();
          break;
        }
        if (this.exclusive && !this.leader) {
          // Not one more send: the new leader may have started, and interleaved batches break per-key order.
          // Rolling back hands the rows (in seq order) to the new leader, which waits for these locks.
          await round.abandon();
          this.logger.warn('outbox leader lock lost during a drain: round abandoned, another relay publishes from here');
          break;
        }
        // A full batch suggests more rows: lock the next batch while this one is on its way to Kafka.
        if (round.rows.length === this.batchSize && goOn()) next = handled(this.openRound(round.rows[round.rows.length - 1]?.seq));
        try {
          await producer.sendBatch({ topicMessages: toTopicMessages(round.rows), acks: -1, compression: CompressionTypes.None });
          if (this.hooks.afterPublish) await this.hooks.afterPublish(round.rows.map((r) => r.id));
        } catch (e) {
          await round.abandon();
          throw e;
        }
        // Commit order between rounds does not matter: both are on Kafka already. A failed commit leaves
        // its rows unpublished, to be sent again (consumers dedupe by ce_id).
        const previous = finishing;
        finishing = handled(round.finish());
        total += round.rows.length;
        if (previous) await previous;
      }
    } finally {
      // Never leave a prefetched round holding its locks, nor a commit unawaited.
      if (next) await next.then((r) => r.abandon()).catch(() => undefined);
      if (finishing) await finishing;
    }
    return total;
  }

  /**
   * BEGIN; lock the next batch (rows after `afterSeq`, the previous round of the same drain, which this
   * relay still holds). The caller either finishes (mark published, commit) or abandons (roll back) it.
   * Exclusive: plain FOR UPDATE, so a new leader waits for rows a former leader still holds (a round it
   * sends or abandons) instead of skipping ahead of them. Not exclusive: SKIP LOCKED, relays share the work.
   */
  private async openRound(afterSeq?: string): Promise<OpenRound> {
    const qr = this.dataSource.createQueryRunner();
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    };
    try {
      await qr.connect();
      await qr.startTransaction();
      // ORDER BY names the table's bigint column: a bare "seq" would be the text output column.
      const rows = (
        this.exclusive
          ? await qr.query(
              `SELECT "id", "seq"::text AS "seq", "topic", "key", "headers", "payload"::text AS "value" FROM "outbox"
                WHERE "published_at" IS NULL AND "seq" > $2::bigint ORDER BY "outbox"."seq" LIMIT $1 FOR UPDATE`,
              [this.batchSize, afterSeq ?? '0'],
            )
          : await qr.query(
              `SELECT "id", "seq"::text AS "seq", "topic", "key", "headers", "payload"::text AS "value" FROM "outbox"
                WHERE "published_at" IS NULL ORDER BY "outbox"."seq" LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [this.batchSize],
            )
      ) as OutboxRow[];
      return {
        rows,
        abandon: release,
        finish: async () => {
          try {
            await qr.query(`UPDATE "outbox" SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
            await qr.commitTransaction();
          } finally {
            await release();
          }
        },
      };
    } catch (e) {
      await release();
      throw e;
    }
  }

  /**
   * With `exclusive`, only the holder of a session-level advisory lock, taken on the relay's own
   * LISTEN connection, publishes. The lock goes with that connection: when the leader stops or dies,
   * another replica takes over at its next wake-up or poll.
   */
  private async ensureLeader(): Promise<boolean> {
    if (!this.exclusive) return true;
    if (this.leader && this.control) return true;
    const control = await this.connectControl();
    const result = await control.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [OUTBOX_RELAY_LOCK_KEY]);
    this.leader = result.rows[0]?.locked === true && this.control === control;
    if (this.leader) this.logger.log('this relay now publishes the outbox (advisory lock taken)');
    return this.leader;
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.producerConnecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      this.producerConnecting = producer.connect().then(
        () => {
          this.producer = producer;
          return producer;
        },
        (e: unknown) => {
          this.producerConnecting = undefined;
          throw e;
        },
      );
    }
    return this.producerConnecting;
  }

  /**
   * The relay's own session: LISTEN "outbox", and the leader lock when exclusive. One at a time: the
   * existing session, else the one being opened, else a new one. (Two would be fatal: a replaced session
   * could keep the leader lock, unseen, so that no relay could ever lead again.)
   */
  private connectControl(): Promise<Client> {
    if (this.control) return Promise.resolve(this.control);
    this.controlConnecting ??= this.openControl().finally(() => {
      this.controlConnecting = undefined;
    });
    return this.controlConnecting;
  }

  private async openControl(): Promise<Client> {
    const client = new Client(listenClientConfig(this.dataSource, this.applicationName));
    const lost = (why: string): void => {
      client.end().catch(() => undefined); // whatever it was, a broken session is closed (with any lock it held)
      if (this.control !== client) return;
      this.control = undefined;
      this.leader = false;
      if (this.stopping || !this.started) return;
      this.logger.warn(`outbox LISTEN connection lost (${why}); polling every ${this.pollIntervalMs} ms until it is back`);
      this.scheduleControlReconnect();
    };
    client.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL) this.wake();
    });
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN "${OUTBOX_CHANNEL}"`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.control) {
      // Someone else connected meanwhile (connectControl prevents it; never keep a second session anyway).
      await client.end().catch(() => undefined);
      return this.control;
    }
    this.control = client;
    return client;
  }

  private async startListening(): Promise<void> {
    try {
      await this.connectControl();
    } catch (e) {
      this.logger.warn(`outbox LISTEN connection failed (${(e as Error).message}); polling until it is back`);
      this.scheduleControlReconnect();
    }
  }

  private scheduleControlReconnect(): void {
    if (this.stopping || this.controlReconnect) return;
    this.controlReconnect = setTimeout(() => {
      this.controlReconnect = undefined;
      // A poll may have reconnected meanwhile (ensureLeader), and drained after doing so: nothing to do.
      if (this.stopping || this.control) return;
      void this.startListening().then(() => this.wake()); // notifications sent meanwhile are lost: look once
    }, LISTEN_RECONNECT_MS);
    this.controlReconnect.unref();
  }
}

/** Marks a promise as handled (it is awaited later), so a rejection before then is not an unhandled rejection. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function toTopicMessages(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    let tm = byTopic.get(row.topic);
    if (!tm) {
      tm = { topic: row.topic, messages: [] };
      byTopic.set(row.topic, tm);
    }
    tm.messages.push({ key: row.key, value: row.value, headers: row.headers });
  }
  return [...byTopic.values()];
}

/** Connection settings for the relay's own LISTEN connection, taken from the TypeORM DataSource. */
export function listenClientConfig(dataSource: DataSource, applicationName?: string): ClientConfig {
  const o = dataSource.options as PostgresConnectionOptions;
  if (o.type !== 'postgres') throw new Error(`OutboxRelay needs a postgres DataSource, got ${o.type}`);
  const c = o.replication?.master ?? o;
  const config: ClientConfig = {
    application_name: applicationName ?? `${o.applicationName ?? 'massage'}-outbox-listen`,
    keepAlive: true,
  };
  if (c.url) config.connectionString = c.url;
  if (c.host) config.host = c.host;
  if (c.port) config.port = c.port;
  if (c.username) config.user = c.username;
  if (c.password !== undefined) config.password = c.password;
  if (c.database) config.database = c.database;
  if (c.ssl !== undefined) config.ssl = c.ssl as ClientConfig['ssl'];
  if (o.connectTimeoutMS !== undefined) config.connectionTimeoutMillis = o.connectTimeoutMS;
  return config;
}
