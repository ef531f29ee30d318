import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv } from './child-env';
import { KafkaBroker } from './kafka-broker';
import { MailCatcherProcess } from './mail-catcher-process';
import { PostgresCluster } from './postgres-cluster';
import { runChecked } from './run-command';
import { ServiceProcess } from './service-process';
import { SmtpFront } from './smtp-front';
import { delay } from '@massage/testing';
import { freePort } from './free-port';
import { SuiteCaller } from '../load/intake-request-auth';

/** The databases create-databases.sh makes; the suite migrates two of them once and copies them for every run. */
export const TEMPLATE_DATABASES = { intake: 'massage_intake', notification: 'massage_notification' } as const;
export type ServiceName = keyof typeof TEMPLATE_DATABASES;

/**
 * Everything the suite runs on, started once per invocation and private to it: a Kafka broker, a
 * PostgreSQL cluster and an SMTP catcher (with the controllable front notification talks to), plus a
 * copy of the built services (so a rebuild by someone else mid-suite changes nothing).
 */
export class SuiteStack {
  private constructor(
    readonly root: string,
    readonly runDir: string,
    readonly broker: KafkaBroker,
    readonly cluster: PostgresCluster,
    readonly catcher: MailCatcherProcess,
    readonly front: SmtpFront,
  ) {}

  /** Signs the requests the load sends to intake (standing in for the gateway). */
  readonly caller = new SuiteCaller();

  static async start(root: string, runDir: string, log: (line: string) => void, cleanups: (() => Promise<void>)[]): Promise<SuiteStack> {
    mkdirSync(join(runDir, 'logs'), { recursive: true });
    // FAULTS_DIST_DIR: bundles built elsewhere (e.g. from a clean checkout while the tree is mid-change).
    const dist = process.env['FAULTS_DIST_DIR'] ?? join(root, 'dist/apps');
    for (const service of Object.keys(TEMPLATE_DATABASES)) {
      cpSync(join(dist, service), join(runDir, 'bundles', service), { recursive: true });
    }
    log('starting the suite PostgreSQL cluster (initdb), Kafka broker and SMTP catcher');
    const started = await Promise.allSettled([PostgresCluster.start(runDir), MailCatcherProcess.start(root, runDir), KafkaBroker.start(root, runDir)]);
    const [cluster, catcher, broker] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [PostgresCluster?, MailCatcherProcess?, KafkaBroker?];
    if (cluster) cleanups.push(() => cluster.stop());
    if (catcher) cleanups.push(() => catcher.stop());
    if (broker) cleanups.push(() => broker.stop());
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure || !cluster || !catcher || !broker) throw failure?.reason ?? new Error('the suite stack did not start');
    const front = new SmtpFront({ host: '127.0.0.1', port: catcher.port });
    await front.start(await freePort('SMTP front'));
    cleanups.push(() => front.close());
    const stack = new SuiteStack(root, runDir, broker, cluster, catcher, front);
    log(`Kafka 127.0.0.1:${broker.port}, PostgreSQL 127.0.0.1:${cluster.port}, SMTP 127.0.0.1:${front.port} (catcher ${catcher.port}); creating topics and databases`);
    // A broker that has just become ready can still refuse a topic-partition for a moment: try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await broker.createCatalogueTopics();
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await delay(2_000);
      }
    }
    await runChecked('bash', [join(root, 'infra/postgres/create-databases.sh')], { env: stack.scriptEnv(), cwd: root, timeoutMs: 60_000 });
    await Promise.all(
      (Object.keys(TEMPLATE_DATABASES) as ServiceName[]).map((service) =>
        ServiceProcess.runOnce(stack.bundle(service), ['migrate'], stack.serviceEnv(TEMPLATE_DATABASES[service])),
      ),
    );
    return stack;
  }

  bundle(service: ServiceName): string {
    return join(this.runDir, 'bundles', service, 'main.js');
  }

  /** For the infra scripts: this stack's PostgreSQL only. */
  scriptEnv(): NodeJS.ProcessEnv {
    return childEnv({ FAULTS_RUN_DIR: this.runDir, DATA_DIR: this.runDir, ...this.cluster.connectionEnv });
  }

  /** For a service process: this stack's broker, cluster and SMTP front, and the given database. */
  serviceEnv(database: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return childEnv({
      FAULTS_RUN_DIR: this.runDir,
      KAFKA_BROKERS: this.broker.brokers.join(','),
      ...this.cluster.connectionEnv,
      DB_NAME: database,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.front.port),
      ...this.caller.serviceEnv(),
      ...extra,
    });
  }
}
