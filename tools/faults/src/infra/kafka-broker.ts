import { join } from 'node:path';
import { childEnv, assertOwnPort } from './child-env';
import { freePort } from './free-port';
import { isOurs, pidFromFile, runChecked, runCommand, signalOwn } from './run-command';
import { delay } from '@massage/testing';

/**
 * The suite's own single-node Kafka (infra/kafka/start.sh on free ports, data under the run folder):
 * the scenarios kill and freeze it, which the shared broker must never see.
 */
export class KafkaBroker {
  private constructor(
    private readonly root: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dataDir: string,
    private readonly marker: string,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  static async start(root: string, runDir: string): Promise<KafkaBroker> {
    const port = await freePort('Kafka');
    const controllerPort = await freePort('Kafka controller');
    assertOwnPort(port, 'Kafka');
    const dataDir = join(runDir, 'kafka');
    const env = childEnv({
      FAULTS_RUN_DIR: runDir,
      DATA_DIR: runDir,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_DATA_DIR: dataDir,
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      KAFKA_HEAP_OPTS: process.env['FAULTS_KAFKA_HEAP_OPTS'] ?? '-Xms128m -Xmx512m',
      KAFKA_READY_TIMEOUT: '120',
      // The suite is about the backbone under faults, not broker ACLs: plain listener, no SCRAM logins.
      KAFKA_AUTH: 'none',
    });
    const broker = new KafkaBroker(root, port, env, dataDir, runDir);
    await broker.restart();
    return broker;
  }

  get pid(): number | undefined {
    return pidFromFile(join(this.dataDir, 'kafka.pid'));
  }

  /** Starts it (again) on the same data and ports, and waits until it answers metadata requests. */
  async restart(): Promise<void> {
    await runChecked('bash', [join(this.root, 'infra/kafka/start.sh')], { env: this.env, cwd: this.root, timeoutMs: 180_000 });
  }

  /** Creates the catalogue's topics with the project's own script. */
  async createCatalogueTopics(): Promise<void> {
    await runChecked('bash', [join(this.root, 'infra/kafka/create-topics.sh')], { env: this.env, cwd: this.root, timeoutMs: 180_000 });
  }

  /** kill -9: the broker vanishes mid-write; waits until the process is gone. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (!signalOwn(pid, 'SIGKILL', this.marker)) throw new Error('the suite broker is not running');
    for (let i = 0; i < 100 && pid !== undefined && isOurs(pid, this.marker); i += 1) await delay(100);
  }

  freeze(): void {
    if (!signalOwn(this.pid, 'SIGSTOP', this.marker)) throw new Error('the suite broker is not running');
  }

  thaw(): void {
    signalOwn(this.pid, 'SIGCONT', this.marker);
  }

  async stop(): Promise<void> {
    this.thaw();
    await runCommand('bash', [join(this.root, 'infra/kafka/stop.sh')], { env: { ...this.env, KAFKA_STOP_TIMEOUT: '20' }, cwd: this.root, timeoutMs: 60_000 });
  }
}
