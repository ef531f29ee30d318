import { Logger } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { describeSendError, isKafkaUnavailable } from './kafka-unavailable';
import { MessagingPruner, type PruneRetention } from './messaging-pruner';
import { OUTBOX_CHANNEL } from './outbox.constants';
import { RelayProducer, type ReconnectBackoff } from './relay-producer';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, trace?: string): void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /**
   * The relay builds its producers from it. Give it a short connect retry (MessagingModule does): the
   * relay reconnects with its own backoff (`producerReconnect`), and stop() waits for a connect in hand.
   */
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
   * A row whose send Kafka refused this many times is parked (`parked_at`): it is skipped, and so are the
   * later unpublished rows of its key, until an operator retries it. Default 5.
   */
  maxRowAttempts?: number;
  /** After a refused send, the row's key waits this long, doubled per attempt (at most 5 min). Default 2000 ms. */
  rowRetryBackoffMs?: number;
  /** Backoff of the background connect while Kafka cannot be reached. Default 500 ms doubling to 30 s. */
  producerReconnect?: ReconnectBackoff;
  /**
   * Bounded failover: the control session runs with `idle_session_timeout` = this, and the relay sends a
   * heartbeat on it every third of it. A frozen or vanished leader stops heartbeating, so PostgreSQL ends
   * its session and the leader lock goes with it. Default 15000 ms; 0 turns it off (TCP keepalive only).
   */
  leaderSessionTimeoutMs?: number;
  /**
   * `idle_in_transaction_session_timeout` of each round's transaction, so a frozen leader's row locks go
   * too. Must exceed the longest send (a round is idle in its transaction while Kafka answers). Default
   * 20000 ms; 0 turns it off.
   */
  roundIdleTimeoutMs?: number;
  /** Retention of published outbox rows and handled inbox rows, and the prune batch size. */
  retention?: PruneRetention;
  /** How often the leader prunes, on its own timer, never between publish rounds. Default 1 hour; 0 never. */
  pruneIntervalMs?: number;
  /** Milliseconds since the epoch; a test may pass its own. */
  clock?: () => number;
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

/** What /health/ready shows of the relay. */
export interface OutboxRelayStatus {
  /** Holds the leader lock (always false with `exclusive: false`). */
  leading: boolean;
  /** A producer is connected to Kafka (the last send did not lose it). */
  kafkaConnected: boolean;
  /** Unpublished rows that are parked (null when the count could not be read). */
  parked: number | null;
  /** The last failed send, if any since the start. */
  lastError: { message: string; at: string } | null;
}

interface OutboxRow {
  id: string;
  /** bigint, as text. */
  seq: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** The payload as JSON text (jsonb's own rendering); null for a tombstone, sent as a null Kafka value. */
  value: string | null;
  /** Refused sends so far. */
  attempts: number;
}

interface RowFailure {
  row: OutboxRow;
  error: string;
}

/** What became of a round's rows: sent, refused (charged to the row), or left for later (the rest). */
interface SendOutcome {
  sent: OutboxRow[];
  failed: RowFailure[];
  /** Kafka could not be reached, or leadership was lost: the drain stops; unsent rows are not charged. */
  interrupted: boolean;
}

/** A locked batch: finish() records the outcome and commits; abandon() rolls back. Both release the connection. */
interface OpenRound {
  rows: OutboxRow[];
  finish: (sent: OutboxRow[], failed: RowFailure[]) => Promise<void>;
  abandon: () => Promise<void>;
}

/** Advisory-lock key of the relay (a fixed int8, so it cannot collide with a service's own small lock ids by accident). */
export const OUTBOX_RELAY_LOCK_KEY = '7264517298174460001';
const LISTEN_RECONNECT_MS = 1000;
const ROW_RETRY_MAX_MS = 5 * 60 * 1000;

/**
 * Publishes `outbox` rows to Kafka in `seq` order and marks them published. Woken by NOTIFY on
 * channel `outbox` (sent by OutboxWriter on commit), with a poll as the safety net.
 * At-least-once: a crash between Kafka's ack and the commit republishes the round; consumers dedupe
 * by `ce_id` (inbox). A row Kafka keeps refusing is parked after `maxRowAttempts`; only its key waits.
 */
export class OutboxRelay {
  private readonly dataSource: DataSource;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: RelayLogger;
  private readonly hooks: NonNullable<OutboxRelayOptions['hooks']>;
  private readonly exclusive: boolean;
  private readonly applicationName: string | undefined;
  private readonly maxRowAttempts: number;
  private readonly rowRetryBackoffMs: number;
  private readonly leaderSessionTimeoutMs: number;
  private readonly roundIdleTimeoutMs: number;
  private readonly pruneIntervalMs: number;
  private readonly clock: () => number;
  private readonly producer: RelayProducer;
  private readonly pruner: MessagingPruner;

  /** Control session: LISTEN, and the leader lock when exclusive. */
  private control: Client | undefined;
  private controlConnecting: Promise<Client> | undefined;
  private controlReconnect: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeating = false;
  private leader = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | undefined;
  private started = false;
  private stopping = false;
  /** A wake-up arrived that no round has served yet. */
  private dirty = false;
  private loop: Promise<void> | undefined;
  /** Serialises rounds of this relay (the loop and drainOnce callers). */
  private chain: Promise<unknown> = Promise.resolve();
  /** Keys whose refused row waits for its next try (clock ms); their later rows wait too. */
  private readonly heldKeys = new Map<string, number>();
  private lastError: OutboxRelayStatus['lastError'] = null;

  constructor(opts: OutboxRelayOptions) {
    this.dataSource = opts.dataSource;
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.logger = opts.logger ?? new Logger(OutboxRelay.name);
    this.hooks = opts.hooks ?? {};
    this.exclusive = opts.exclusive ?? true;
    this.applicationName = opts.applicationName;
    this.maxRowAttempts = opts.maxRowAttempts ?? 5;
    this.rowRetryBackoffMs = opts.rowRetryBackoffMs ?? 2000;
    this.leaderSessionTimeoutMs = opts.leaderSessionTimeoutMs ?? 15_000;
    this.roundIdleTimeoutMs = opts.roundIdleTimeoutMs ?? 20_000;
    this.pruneIntervalMs = opts.pruneIntervalMs ?? 3600 * 1000;
    this.clock = opts.clock ?? Date.now;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error('batchSize must be a positive integer');
    if (!Number.isInteger(this.maxRowAttempts) || this.maxRowAttempts < 1) throw new Error('maxRowAttempts must be a positive integer');
    this.producer = new RelayProducer(opts.kafka, this.logger, () => this.wake(), {
      initialMs: opts.producerReconnect?.initialMs ?? 500,
      maxMs: opts.producerReconnect?.maxMs ?? 5000, // a broker back after an outage is found within 5 s
    });
    this.pruner = new MessagingPruner(this.dataSource, opts.retention);
  }

  /**
   * Starts publishing. Needs neither Kafka nor the database to be up: the producer connects in the
   * background (rows wait in the outbox meanwhile), the LISTEN session reconnects, the poll goes on.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.producer.start();
    await this.startListening();
    this.pollTimer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.pollTimer.unref();
    this.startHeartbeat();
    if (this.pruneIntervalMs > 0) {
      this.pruneTimer = setInterval(() => this.pruneInBackground(), this.pruneIntervalMs);
      this.pruneTimer.unref();
    }
    this.wake(); // rows left over from before the start
  }

  /**
   * Stops waking up and waits for the round in hand; with `finalDrainMs`, publishes what is left for at
   * most that long (see {@link OutboxRelayStopOptions}); then disconnects (releasing the leader lock).
   */
  async stop(opts: OutboxRelayStopOptions = {}): Promise<void> {
    const wasStarted = this.started;
    this.stopping = true;
    for (const timer of [this.pollTimer, this.heartbeatTimer, this.pruneTimer]) if (timer) clearInterval(timer);
    if (this.controlReconnect) clearTimeout(this.controlReconnect);
    this.pollTimer = this.heartbeatTimer = this.pruneTimer = this.controlReconnect = undefined;
    await this.loop;
    await this.chain.catch(() => undefined);
    await this.pruning;
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
    await this.producer.stop();
    this.started = false;
  }

  /** True while this relay holds the leader lock (always false with `exclusive: false`). For health checks and metrics. */
  get leading(): boolean {
    return this.exclusive && this.leader;
  }

  /** Producers built so far: a failed send replaces the producer. */
  get producerGeneration(): number {
    return this.producer.generation;
  }

  /** Leadership, Kafka, parked rows and the last send error: the relay's part of /health/ready. */
  async status(): Promise<OutboxRelayStatus> {
    let parked: number | null = null;
    try {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS "n" FROM "outbox" WHERE "parked_at" IS NOT NULL AND "published_at" IS NULL`,
      )) as { n: number }[];
      parked = row?.n ?? 0;
    } catch {
      // The database check reports the database; the relay's detail just lacks the count.
    }
    return { leading: this.leading, kafkaConnected: this.producer.connected, parked, lastError: this.lastError };
  }

  /** Publishes everything unpublished now (round after round); resolves with the number of rows published. */
  drainOnce(): Promise<number> {
    return this.serialised(() => this.drain(undefined, true));
  }

  /**
   * Prunes published outbox rows and handled inbox rows past their retention now (see MessagingPruner),
   * whether or not this relay leads. The started leader does it by itself every `pruneIntervalMs`.
   */
  pruneNow(): Promise<{ outbox: number; inbox: number }> {
    return this.pruner.prune(() => this.stopping);
  }

  /** On its own timer, off the publish path; only the leader (or every relay when not exclusive). */
  private pruneInBackground(): void {
    if (this.pruning || this.stopping || (this.exclusive && !this.leader)) return;
    this.pruning = this.pruner
      .prune(() => this.stopping)
      .then(
        ({ outbox, inbox }) => {
          if (outbox + inbox > 0) this.logger.log(`pruned ${outbox} published outbox row(s) and ${inbox} handled inbox row(s) past their retention`);
        },
        (e: unknown) => this.logger.warn(`pruning failed (tried again in ${this.pruneIntervalMs} ms): ${(e as Error).message}`),
      )
      .finally(() => {
        this.pruning = undefined;
      });
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
   * A round Kafka refuses is sent again row by row (see send()); then the drain starts over from the
   * lowest unpublished row, skipping the keys that wait.
   * `waitForProducer` (drainOnce) connects a producer (or throws) instead of leaving the rows.
   */
  private async drain(deadline?: number, waitForProducer = false): Promise<number> {
    if (!waitForProducer && !this.producer.connected) {
      // Kafka cannot be reached from here: the rows wait, and a standby that reaches Kafka may lead
      // instead. The background connect wakes this relay when it succeeds.
      await this.resign();
      return 0;
    }
    if (!(await this.ensureLeader())) return 0;
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
        let producer: Producer | undefined;
        try {
          producer = this.producer.current() ?? (waitForProducer ? await this.producer.ready() : undefined);
        } catch (e) {
          await round.abandon();
          throw e;
        }
        if (!producer) {
          await round.abandon(); // Kafka was lost since the drain began
          break;
        }
        // A full batch suggests more rows: lock the next batch while this one is on its way to Kafka.
        if (round.rows.length === this.batchSize && goOn()) next = handled(this.openRound(round.rows[round.rows.length - 1]?.seq));
        const outcome = await this.send(producer, round.rows);
        const heldBack = outcome.sent.length < round.rows.length;
        if (heldBack && next) {
          // The prefetched round may hold later rows of a key that now waits: give it back unsent.
          await next.then((r) => r.abandon()).catch(() => undefined);
          next = undefined;
        }
        if (this.hooks.afterPublish && outcome.sent.length > 0) {
          try {
            await this.hooks.afterPublish(outcome.sent.map((r) => r.id));
          } catch (e) {
            await round.abandon();
            throw e;
          }
        }
        // Commit order between rounds does not matter: both are on Kafka already. A failed commit leaves
        // its rows unpublished, to be sent again (consumers dedupe by ce_id).
        const previous = finishing;
        finishing = handled(round.finish(outcome.sent, outcome.failed));
        total += outcome.sent.length;
        if (previous) await previous;
        if (outcome.interrupted) break;
        if (heldBack) {
          // Start over from the lowest unpublished seq once this round is committed: the rows just
          // refused are parked or their keys held, so the rest of the outbox flows past them.
          const committing = finishing;
          finishing = undefined;
          await committing;
          if (goOn()) next = handled(this.openRound());
        }
      }
    } finally {
      // Never leave a prefetched round holding its locks, nor a commit unawaited.
      if (next) await next.then((r) => r.abandon()).catch(() => undefined);
      if (finishing) await finishing;
    }
    return total;
  }

  /**
   * Sends a round as one batch. When Kafka refuses it, the producer is replaced (a failed idempotent
   * producer may be stuck) and the rows go one by one in `seq` order, to find the ones Kafka refuses:
   * each of those is charged an attempt and its key waits (its later rows in this round are skipped);
   * every other row is sent. A failure that means Kafka is unreachable charges nothing and stops.
   */
  private async send(producer: Producer, rows: OutboxRow[]): Promise<SendOutcome> {
    try {
      await producer.sendBatch({ topicMessages: toTopicMessages(rows), acks: -1, compression: CompressionTypes.None });
      return { sent: rows, failed: [], interrupted: false };
    } catch (e) {
      this.noteSendError(e);
      const replacement = await this.producer.replace();
      if (!replacement) return { sent: [], failed: [], interrupted: true };
      return this.sendOneByOne(replacement, rows);
    }
  }

  private async sendOneByOne(first: Producer, rows: OutboxRow[]): Promise<SendOutcome> {
    let producer = first;
    const sent: OutboxRow[] = [];
    const failed: RowFailure[] = [];
    const refusedKeys = new Set<string>();
    for (const row of rows) {
      if (refusedKeys.has(row.key)) continue; // waits behind the refused row of its key
      if (this.exclusive && !this.leader) return { sent, failed, interrupted: true };
      try {
        await producer.sendBatch({ topicMessages: toTopicMessages([row]), acks: -1, compression: CompressionTypes.None });
        sent.push(row);
      } catch (e) {
        this.noteSendError(e);
        const replacement = await this.producer.replace();
        if (!replacement || isKafkaUnavailable(e)) return { sent, failed, interrupted: true };
        producer = replacement;
        failed.push({ row, error: describeSendError(e) });
        refusedKeys.add(row.key);
        const attempts = row.attempts + 1;
        if (attempts < this.maxRowAttempts) {
          this.heldKeys.set(row.key, this.clock() + Math.min(this.rowRetryBackoffMs * 2 ** (attempts - 1), ROW_RETRY_MAX_MS));
        }
      }
    }
    return { sent, failed, interrupted: false };
  }

  private noteSendError(e: unknown): void {
    const message = describeSendError(e);
    this.lastError = { message, at: new Date(this.clock()).toISOString() };
    this.logger.warn(`outbox send failed: ${message}`);
  }

  /** Keys still waiting for their refused row's next try. */
  private waitingKeys(): string[] {
    const now = this.clock();
    const keys: string[] = [];
    for (const [key, until] of this.heldKeys) {
      if (until > now) keys.push(key);
      else this.heldKeys.delete(key);
    }
    return keys;
  }

  /**
   * BEGIN; lock the next batch (rows after `afterSeq`, the previous round of the same drain, which this
   * relay still holds), leaving out parked rows, the later rows of their keys and the keys that wait
   * for a retry. The caller either finishes (record the outcome, commit) or abandons (roll back) it.
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
      // A leader frozen in the middle of a round must not keep these row locks: the server ends the session.
      if (this.roundIdleTimeoutMs > 0) {
        await qr.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, true)`, [String(this.roundIdleTimeoutMs)]);
      }
      // ORDER BY names the table's bigint column: a bare "seq" would be the text output column. The parked keys
      // are read once per round into a hash (NOT IN: "key" is NOT NULL, so it means NOT EXISTS): as a correlated
      // NOT EXISTS, PostgreSQL probed every unpublished index entry, dead ones included, once per candidate row,
      // 2.5 ms a round under the booking bench's churn.
      const rows = (await qr.query(
        `SELECT "id", "seq"::text AS "seq", "topic", "key", "headers", "payload"::text AS "value", "attempts" FROM "outbox"
          WHERE "published_at" IS NULL AND "parked_at" IS NULL AND "seq" > $2::bigint
            AND NOT ("key" = ANY($3::text[]))
            AND "key" NOT IN (SELECT "parked"."key" FROM "outbox" AS "parked"
                               WHERE "parked"."parked_at" IS NOT NULL AND "parked"."published_at" IS NULL)
          ORDER BY "outbox"."seq" LIMIT $1 FOR UPDATE OF "outbox"${this.exclusive ? '' : ' SKIP LOCKED'}`,
        [this.batchSize, this.exclusive ? (afterSeq ?? '0') : '0', this.waitingKeys()],
      )) as OutboxRow[];
      return {
        rows,
        abandon: release,
        finish: async (sent, failed) => {
          const parked: RowFailure[] = [];
          try {
            if (sent.length > 0) {
              await qr.query(`UPDATE "outbox" SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`, [sent.map((r) => r.id)]);
            }
            for (const f of failed) {
              const [updated] = (await qr.query(
                `UPDATE "outbox" SET "attempts" = "attempts" + 1, "last_error" = $2,
                        "parked_at" = CASE WHEN "attempts" + 1 >= $3 THEN now() END
                  WHERE "id" = $1 RETURNING "parked_at" IS NOT NULL AS "parked"`,
                [f.row.id, f.error, this.maxRowAttempts],
              )) as { parked: boolean }[];
              if (updated?.parked) parked.push(f);
            }
            await qr.commitTransaction();
          } finally {
            await release();
          }
          for (const f of parked) {
            this.logger.error(
              `outbox row ${f.row.id} (topic ${f.row.topic}, key ${f.row.key}) parked after ${this.maxRowAttempts} refused sends; ` +
                `later rows of its key wait until it is retried (main.js outbox retry): ${f.error}`,
            );
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
   * LISTEN connection, publishes. The lock goes with that connection: when the leader stops, dies or
   * stops heartbeating, another replica takes over at its next wake-up or poll.
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

  /** Gives the leader lock back (this relay cannot publish now); the session stays for LISTEN. */
  private async resign(): Promise<void> {
    const control = this.control;
    if (!this.exclusive || !this.leader || !control) return;
    this.leader = false;
    try {
      await control.query('SELECT pg_advisory_unlock($1::bigint)', [OUTBOX_RELAY_LOCK_KEY]);
      this.logger.warn('this relay cannot reach Kafka: it gave the outbox leader lock back for a relay that can');
    } catch (e) {
      this.controlLost(control, `unlock failed: ${(e as Error).message}`); // ending the session releases the lock too
    }
  }

  /**
   * Keeps the control session from hitting its idle_session_timeout, and finds out that it is gone
   * (no answer within a heartbeat interval): a leader that cannot reach the database stops leading
   * before the server releases its lock for another relay.
   */
  /** Runs whenever a control session is open, started or not: drainOnce() alone opens one too. */
  private startHeartbeat(): void {
    if (this.heartbeatTimer || this.leaderSessionTimeoutMs <= 0) return;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(100, Math.floor(this.leaderSessionTimeoutMs / 3)));
    this.heartbeatTimer.unref();
  }

  private async heartbeat(): Promise<void> {
    const control = this.control;
    if (!control || this.heartbeating || this.stopping) return;
    this.heartbeating = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = Math.max(100, Math.floor(this.leaderSessionTimeoutMs / 3));
      await Promise.race([
        control.query('SELECT 1'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (e) {
      this.controlLost(control, `heartbeat failed: ${(e as Error).message}`);
    } finally {
      if (timer) clearTimeout(timer);
      this.heartbeating = false;
    }
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
    client.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL) this.wake();
    });
    client.on('error', (e) => this.controlLost(client, e.message));
    client.on('end', () => this.controlLost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN "${OUTBOX_CHANNEL}"`);
      await this.boundSession(client);
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
    this.startHeartbeat(); // else idle_session_timeout ends it under a relay that was never start()ed
    return client;
  }

  /**
   * A frozen process (kill -STOP, a paused VM) or a vanished host keeps its TCP connection open for
   * hours, and with it the leader lock. idle_session_timeout makes the server end the session once the
   * heartbeats stop; tcp_user_timeout ends it when the server cannot deliver to a vanished peer.
   */
  private async boundSession(client: Client): Promise<void> {
    if (this.leaderSessionTimeoutMs <= 0) return;
    const ms = String(this.leaderSessionTimeoutMs);
    try {
      await client.query(`SELECT set_config('idle_session_timeout', $1, false)`, [ms]);
    } catch (e) {
      this.logger.warn(`idle_session_timeout not available (PostgreSQL < 14?): failover after a frozen leader waits for TCP keepalive: ${(e as Error).message}`);
    }
    await client.query(`SELECT set_config('tcp_user_timeout', $1, false)`, [ms]).catch(() => undefined); // Linux servers only
  }

  /** Whatever it was, a broken session is closed (with any lock it held). */
  private controlLost(client: Client, why: string): void {
    client.end().catch(() => undefined);
    if (this.control !== client) return;
    this.control = undefined;
    this.leader = false;
    if (this.stopping || !this.started) return;
    this.logger.warn(`outbox LISTEN connection lost (${why}); polling every ${this.pollIntervalMs} ms until it is back`);
    this.scheduleControlReconnect();
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
    // Probe an idle connection early: a dead server or a cut network shows up in tens of seconds, not hours.
    keepAliveInitialDelayMillis: 10_000,
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
