import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { describeSendError } from './kafka-unavailable';

export interface RelayProducerLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface ReconnectBackoff {
  /** First wait after a failed connect. Default 500 ms. */
  initialMs?: number;
  /** The wait doubles up to this. Default 30 s. */
  maxMs?: number;
}

/**
 * The relay's idempotent producer. Connects in the background with backoff (a service starts and
 * takes writes while Kafka is down; rows wait in the outbox), and is thrown away and rebuilt after a
 * failed send: an idempotent producer that lost a response can stay stuck on
 * OUT_OF_ORDER_SEQUENCE_NUMBER, and a new one starts a fresh producer id and sequence.
 */
export class RelayProducer {
  private producer: Producer | undefined;
  private connecting: Promise<void> | undefined;
  private abort = new AbortController();
  private stopped = false;
  /** Producers built so far (1 after the first connect); tests and status read it. */
  generation = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: RelayProducerLogger,
    private readonly onConnected: () => void,
    private readonly backoff: Required<ReconnectBackoff>,
  ) {}

  /** The connected producer, or undefined while (re)connecting. */
  current(): Producer | undefined {
    return this.producer;
  }

  get connected(): boolean {
    return this.producer !== undefined;
  }

  /** Starts connecting in the background unless connected or already connecting. Never throws. */
  start(): void {
    this.stopped = false;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    if (this.producer || this.connecting) return;
    this.connecting = this.connectWithBackoff().finally(() => {
      this.connecting = undefined;
    });
  }

  /**
   * Discards the current producer and tries one new connect at once; on failure falls back to the
   * background loop. Resolves with the new producer, or undefined when Kafka cannot be reached.
   */
  async replace(): Promise<Producer | undefined> {
    const old = this.producer;
    this.producer = undefined;
    if (old) await old.disconnect().catch(() => undefined);
    if (this.stopped || this.connecting) return undefined;
    try {
      this.producer = await this.connectOnce();
      return this.producer;
    } catch (e) {
      this.logger.warn(`outbox producer could not reconnect (${describeSendError(e)}); retrying in the background`);
      this.start();
      return undefined;
    }
  }

  /** The connected producer: the current one, the one being connected, or one new connect (which may throw). */
  async ready(): Promise<Producer> {
    if (this.connecting) await this.connecting;
    if (this.producer) return this.producer;
    this.producer = await this.connectOnce();
    return this.producer;
  }

  /** Stops the background loop (waiting for a connect in hand) and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.connecting;
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.disconnect().catch(() => undefined);
  }

  private async connectWithBackoff(): Promise<void> {
    let delay = this.backoff.initialMs;
    let failures = 0;
    while (!this.stopped) {
      try {
        const producer = await this.connectOnce();
        if (this.stopped) {
          await producer.disconnect().catch(() => undefined);
          return;
        }
        this.producer = producer;
        if (failures > 0) this.logger.log(`outbox producer connected to Kafka after ${failures} failed attempt(s)`);
        this.onConnected();
        return;
      } catch (e) {
        failures += 1;
        // The first failure and then every tenth: a long outage should not flood the log.
        if (failures === 1 || failures % 10 === 0) {
          this.logger.warn(`outbox producer cannot reach Kafka (${describeSendError(e)}); rows wait in the outbox, next try in ${delay} ms`);
        }
        try {
          await sleep(delay, undefined, { signal: this.abort.signal });
        } catch {
          return; // stopped
        }
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  private async connectOnce(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    this.generation += 1;
    try {
      await producer.connect();
      return producer;
    } catch (e) {
      await producer.disconnect().catch(() => undefined);
      throw e;
    }
  }
}
