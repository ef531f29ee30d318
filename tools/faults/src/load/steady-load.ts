import { delay } from '@massage/testing';
import type { IntakeClient, RequestOutcome } from './intake-client';

export interface LoadOptions {
  /** Requests per second across all workers. */
  ratePerSecond: number;
  /** Intakes submitted for each registered client, one after another (same key, ordered). */
  intakesPerClient: number;
  /** Unique per run: the e-mail addresses carry it. */
  runId: string;
}

export type LoadCounts = Record<RequestOutcome, number>;

/**
 * A steady stream of real requests: clients registered, then several intakes each, so one client id
 * (the Kafka key) carries several IntakeCompleted in order. Paced by a shared ticket clock; each
 * worker waits for its request's answer (or its deadline) before the client's next one.
 */
export class SteadyLoad {
  readonly counts: LoadCounts = { created: 0, refused: 0, failed: 0 };
  private running = false;
  private workers: Promise<void>[] = [];
  private nextTicket = 0;
  private clients = 0;

  constructor(
    private readonly intake: IntakeClient,
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.nextTicket = Date.now();
    // Enough workers that a slow answer (a frozen replica, a database restart) does not stall the pace.
    const workers = Math.max(4, Math.ceil(this.options.ratePerSecond / 2));
    this.workers = Array.from({ length: workers }, () => this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async ticket(): Promise<boolean> {
    const at = this.nextTicket;
    this.nextTicket = Math.max(this.nextTicket + 1000 / this.options.ratePerSecond, Date.now() - 1000);
    const wait = at - Date.now();
    if (wait > 0) await delay(wait);
    return this.running;
  }

  private count(outcome: RequestOutcome): void {
    this.counts[outcome] += 1;
  }

  private async work(): Promise<void> {
    while (await this.ticket()) {
      const n = (this.clients += 1);
      const registered = await this.intake.registerClient(`faults.${this.options.runId}.${n}@example.com`);
      this.count(registered.outcome);
      if (!registered.id) continue;
      for (let i = 0; i < this.options.intakesPerClient; i += 1) {
        if (!(await this.ticket())) return;
        this.count((await this.intake.submitIntake(registered.id)).outcome);
      }
    }
  }
}
