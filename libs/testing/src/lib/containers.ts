import * as net from 'node:net';
import type { StartedTestContainer } from 'testcontainers';
import { infrastructureTopics, ensureTopics } from './kafka-topics';

/**
 * Containers, when a Docker engine answers and the environment names no Kafka/PostgreSQL. The images
 * are the project's own (infra/containers, built without a registry by build-images.sh), which take
 * the official images' settings, so TEST_KAFKA_IMAGE=apache/kafka:4.1.1 / TEST_POSTGRES_IMAGE=postgres:17
 * work too where a registry is reachable. `@testcontainers/kafka` is not used: it expects the official
 * image's layout. Where Ryuk cannot be pulled (TESTCONTAINERS_RYUK_DISABLED=true, see
 * scripts/containers-testcontainers.sh) the containers carry the label `massage.testcontainers` and
 * the runner removes them after the tests.
 */
const KAFKA_IMAGE = process.env['TEST_KAFKA_IMAGE'] ?? 'massage/kafka:local';
const POSTGRES_IMAGE = process.env['TEST_POSTGRES_IMAGE'] ?? 'massage/postgres:local';
const LABELS = { 'massage.testcontainers': 'true' };

let kafka: Promise<{ brokers: string[]; container: StartedTestContainer }> | undefined;
let postgres: Promise<{ host: string; port: number; user: string; password: string }> | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** One Kafka container per test process (jest worker), created on first use. */
export function kafkaContainer(): Promise<{ brokers: string[] }> {
  kafka ??= startKafka();
  return kafka;
}

async function startKafka(): Promise<{ brokers: string[]; container: StartedTestContainer }> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const runtimeHost = (await getContainerRuntimeClient()).info.containerRuntime.host;
  // The advertised listener must be the address the test dials, so the container listens on the
  // same port number inside and outside (bound explicitly), chosen free on this host.
  const port = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withLabels(LABELS)
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://127.0.0.1:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${runtimeHost}:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@127.0.0.1:9093',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      // Same as infra/kafka: topics exist only when created explicitly.
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  const brokers = [`${container.getHost()}:${port}`];
  await ensureTopics(brokers, infrastructureTopics());
  return { brokers, container };
}

/** One PostgreSQL container per test process (jest worker), created on first use. */
export function postgresContainer(): Promise<{ host: string; port: number; user: string; password: string }> {
  postgres ??= startPostgres();
  return postgres;
}

async function startPostgres(): Promise<{ host: string; port: number; user: string; password: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withLabels(LABELS)
    .withExposedPorts(5432)
    .withEnvironment({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres', POSTGRES_DB: 'postgres' })
    // The image restarts the server once after initdb; the second "ready" line is the real one.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(120_000)
    .start();
  return { host: container.getHost(), port: container.getMappedPort(5432), user: 'postgres', password: 'postgres' };
}
