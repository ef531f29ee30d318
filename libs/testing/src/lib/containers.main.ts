/**
 * Starts the test Kafka and PostgreSQL through testcontainers (containers.ts: the project's images,
 * catalogue and DLQ topics created) and prints their addresses as environment lines, for
 * scripts/containers-testcontainers.sh: one pair of containers for a whole run of suites, which also
 * serves the suites that read KAFKA_BROKERS synchronously (kafkaBrokers()). With Ryuk disabled the
 * containers outlive this process; the script removes them by their label afterwards.
 */
import { kafkaContainer, postgresContainer } from './containers';

async function main(): Promise<void> {
  const [kafka, postgres] = await Promise.all([kafkaContainer(), postgresContainer()]);
  const lines = {
    KAFKA_BROKERS: kafka.brokers.join(','),
    PGHOST: postgres.host,
    PGPORT: String(postgres.port),
    PGUSER: postgres.user,
    PGPASSWORD: postgres.password,
  };
  for (const [name, value] of Object.entries(lines)) console.log(`${name}=${value}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
