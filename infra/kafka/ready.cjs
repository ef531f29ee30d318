// One readiness probe for ready.sh: exits 0 when the broker answers a metadata request
// (kafkajs admin listTopics), 1 otherwise. Usage: node ready.cjs [host:port[,host:port]]
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
// The SCRAM login, by the rule of kafkaSaslFromEnv (@massage/contracts): KAFKA_SASL_USERNAME/PASSWORD,
// else with KAFKA_AUTH=sasl the admin password from KAFKA_CREDENTIALS_FILE, else none.
function adminPassword() {
  try {
    const line = require('node:fs').readFileSync(process.env.KAFKA_CREDENTIALS_FILE || '', 'utf8').split('\n').find((l) => l.startsWith('admin='));
    return line ? line.slice('admin='.length).trim() : '';
  } catch {
    return '';
  }
}
const username = process.env.KAFKA_SASL_USERNAME || (process.env.KAFKA_AUTH === 'sasl' ? 'admin' : '');
const password = process.env.KAFKA_SASL_USERNAME ? process.env.KAFKA_SASL_PASSWORD || '' : adminPassword();
const sasl = username ? { mechanism: 'scram-sha-256', username, password } : undefined;
const admin = new Kafka({
  clientId: 'massage-kafka-ready',
  brokers,
  sasl,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 5000,
  retry: { retries: 0 },
}).admin();

const timer = setTimeout(() => {
  console.error('metadata request timed out');
  process.exit(1);
}, 10000);

admin
  .connect()
  .then(() => admin.listTopics())
  .then((topics) => {
    console.log(`Kafka at ${brokers.join(',')} answers metadata requests (${topics.length} topics)`);
    return admin.disconnect().then(() => process.exit(0));
  })
  .catch((error) => {
    console.error(`not ready: ${error && error.message ? error.message : error}`);
    clearTimeout(timer);
    process.exit(1);
  });
