import type { ServiceProcess } from '../infra/service-process';
import type { SuiteStack } from '../infra/suite-stack';
import type { RunStores } from '../measure/run-ledger';

/** What a scenario can reach during its fault. */
export interface FaultContext {
  stack: SuiteStack;
  stores: RunStores;
  /** Live list of intake replicas (the load goes to those running). */
  intake: ServiceProcess[];
  notification: ServiceProcess[];
  /** Starts one more replica of a service (healthy when it resolves) and adds it to its list. */
  addReplica(service: 'intake' | 'notification'): Promise<ServiceProcess>;
  /** Event ids the scenario made to be dead-lettered (poison). */
  expectDeadLetters(ids: readonly string[]): void;
  log(line: string): void;
}

/** What the fault did: recovery is measured from `endedAt`; `release` ends a fault still present after the drain. */
export interface FaultWindow {
  endedAt: number;
  release?: () => Promise<void>;
}

export interface Scenario {
  /** The --scenario name, e.g. `broker-kill`. */
  name: string;
  /** One line for the table. */
  title: string;
  intakeReplicas?: number;
  notificationReplicas?: number;
  /** Extra environment of every notification replica of the run (e.g. a shorter retry budget). */
  notificationEnv?: Record<string, string>;
  /** How long to wait after the load for the backlog to drain before counting (default from the CLI). */
  drainTimeoutMs?: number;
  /** Injects the fault while the load runs and resolves once it is over (or, with `release`, once the system should have coped). */
  inject(ctx: FaultContext): Promise<FaultWindow>;
}
