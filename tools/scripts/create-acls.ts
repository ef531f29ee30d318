/**
 * Makes the broker's ACLs match the event catalogue (kafkaAclRules in @massage/contracts): who
 * writes, reads and consumes what. Idempotent; removes ACLs of our principals the catalogue no
 * longer grants. Runs as a super user (KAFKA_SASL_USERNAME=admin). Through infra/kafka/create-acls.sh.
 * `create-acls.ts principals` prints the principals, one a line, for start.sh to create their logins.
 */
import { KAFKA_PRINCIPALS, kafkaAclRules } from '@massage/contracts';
import { describeAclEntry, ensureKafkaAcls, kafkaBrokers } from '@massage/testing';

async function main(): Promise<void> {
  if (process.argv[2] === 'principals') {
    console.log(KAFKA_PRINCIPALS.join('\n'));
    return;
  }
  const brokers = kafkaBrokers({ KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092' });
  const rules = kafkaAclRules();
  const report = await ensureKafkaAcls(brokers, rules, 'massage-create-acls');
  for (const entry of report.created) console.log(`created   ${describeAclEntry(entry)}`);
  for (const entry of report.deleted) console.log(`deleted   ${describeAclEntry(entry)}`);
  console.log(`${rules.length} ACLs in place on ${brokers.join(',')} (${report.unchanged} unchanged)`);
}

main().catch((error: unknown) => {
  console.error(`create-acls failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
